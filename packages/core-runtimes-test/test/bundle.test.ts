// Core's web build as a Workers bundler sees it: no Node built-in may be in it, and its
// size (minified + gzip) is printed so it can be watched.
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleForWorkers } from './runtimes.ts';

const everything = "export * from '@sinch-inbounds/core';";
const receiverOnly = "export { createWebhookReceiver } from '@sinch-inbounds/core';";

/** Imports (static, dynamic or require) of a Node built-in, with or without `node:`. */
function nodeImports(code: string): string[] {
  const names = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/'));
  const specifier = `["'](?:node:[^"']+|(?:${names.join('|')}))["']`;
  // esbuild turns a bundled require() into __require().
  const pattern = new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\bimport\\s*|(?<![\\w$])(?:__)?require\\s*\\(\\s*)${specifier}`, 'g');
  return code.match(pattern) ?? [];
}

/** Uses of Node's globals (`Buffer.x`, `process.x`), which web runtimes need not have. */
function nodeGlobals(code: string): string[] {
  // Text inside string literals is not code: an error message may tell the user to set
  // `secret: process.env.SINCH_WEBHOOK_SECRET`.
  const outsideStrings = code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  return outsideStrings.match(/(?<![\w$.])(?:Buffer|process|global)\s*\./g) ?? [];
}

describe('the web bundle of core', () => {
  it('has no Node built-in import and no Node global in it', async () => {
    const code = await bundleForWorkers({ code: everything });
    expect(code).toContain('crypto.subtle');
    expect(nodeImports(code)).toEqual([]);
    expect(nodeGlobals(code)).toEqual([]);
  });

  it('is what every web condition selects, and a Node bundle is not', async () => {
    for (const condition of ['workerd', 'deno', 'bun', 'edge-light', 'worker', 'browser']) {
      const code = await bundleForWorkers({ code: everything }, { conditions: [condition] });
      expect(code, condition).toContain('crypto.subtle');
      expect(nodeImports(code), condition).toEqual([]);
    }
    // Without a web condition a bundler gets the Node build, and the check sees it.
    const node = nodeImports(await bundleForWorkers({ code: everything }, { conditions: [] }));
    expect(node.some((found) => found.includes('crypto'))).toBe(true);
  });

  it('the check sees a Node built-in when there is one', () => {
    expect(nodeImports('import { createHmac } from "node:crypto";')).toHaveLength(1);
    expect(nodeImports('import{isUtf8}from"buffer";')).toHaveLength(1);
    expect(nodeImports('const z = require("zlib");')).toHaveLength(1);
    expect(nodeImports('var c = __require("crypto");')).toHaveLength(1);
    expect(nodeImports('await import("node:http")')).toHaveLength(1);
    expect(nodeGlobals('return Buffer.from(x).toString("base64")')).toHaveLength(1);
    expect(nodeImports('"verifyWebhook: body must be a string or Buffer/Uint8Array"')).toEqual([]);
    expect(nodeGlobals('throw new Error("set `secret: process.env.SINCH_WEBHOOK_SECRET`")')).toEqual([]);
    expect(nodeGlobals('const s = "a"; process.env.X')).toHaveLength(1);
  });

  it('reports its size, minified and gzipped', async () => {
    const sizes: Record<string, { minified: number; gzip: number }> = {};
    for (const [name, code] of Object.entries({ 'all of core': everything, 'createWebhookReceiver only': receiverOnly })) {
      const bundle = await bundleForWorkers({ code }, { minify: true });
      sizes[name] = { minified: bundle.length, gzip: gzipSync(bundle, { level: 9 }).length };
    }
    console.log(
      Object.entries(sizes)
        .map(([name, s]) => `core web bundle, ${name}: ${(s.minified / 1024).toFixed(1)} KiB minified, ${(s.gzip / 1024).toFixed(1)} KiB gzip`)
        .join('\n'),
    );
    // A receiver alone leaves the client out.
    expect(sizes['createWebhookReceiver only']!.minified).toBeLessThan(sizes['all of core']!.minified);
  });
});
