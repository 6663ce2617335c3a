// Core's published JavaScript is readable (tsup.base.ts): an uncaught error thrown from
// inside it prints frames that name the library's functions at meaningful lines, and
// Node's source excerpt for it is one short line, not the whole package as a minified
// one-line build printed (~109 kB).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// The workspace's built core, exactly the files that are packed (turbo builds it before tests).
const dist = require.resolve('@sinch-inbounds/core');

/** Runs `code` in a fresh Node process and resolves its exit code and stderr. */
function node(code: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['-e', code], { env: { ...process.env, NO_COLOR: '1' } }, (_error, _stdout, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });
}

describe("core's built dist", () => {
  it('is the CommonJS build, not minified', async () => {
    expect(dist).toMatch(/dist[\\/]index\.cjs$/);
    const source = await readFile(dist, 'utf8');
    const lines = source.split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(1000);
  });

  it('an uncaught error through parseInbound prints named frames at real lines and a few hundred bytes of source at most', async () => {
    const { code, stderr } = await node(`require(${JSON.stringify(dist)}).parseInbound('{"type":"mo_text"}');`);
    expect(code).toBe(1);
    // Node prints "<file>:<line>", the source line, a caret, then the error and its stack.
    const errorAt = stderr.indexOf('InboundParseError');
    expect(errorAt).toBeGreaterThan(0);
    const sourceContext = stderr.slice(0, errorAt);
    expect(sourceContext).toContain('index.cjs:');
    expect(Buffer.byteLength(sourceContext)).toBeLessThanOrEqual(400);
    console.log(`uncaught error from core's dist: ${Buffer.byteLength(sourceContext)} bytes of source context, ${Buffer.byteLength(stderr)} bytes of stderr in all`);

    const frames = stderr.split('\n').filter((line) => line.trimStart().startsWith('at ') && line.includes('index.cjs'));
    expect(frames.some((frame) => /at (Object\.)?parseInbound \(/.test(frame))).toBe(true);
    // Every frame in the library is named and at a line of its own, not index.cjs:1:95485.
    for (const frame of frames) {
      expect(frame).toMatch(/at [\w$.#<>]+ \(.*index\.cjs:(\d+):\d+\)$/);
      expect(Number(/index\.cjs:(\d+):/.exec(frame)?.[1])).toBeGreaterThan(1);
    }
  });
});
