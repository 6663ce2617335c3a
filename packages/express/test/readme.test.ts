import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookReceiver, sinchWebhook, WEBHOOK_RECEIVER_ERROR_KINDS } from '../src/index.js';
import { EXPRESSES, moText, send, serve, SECRET, signedHeaders, silentLogger } from './helpers.js';

const read = (relative: string): string => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');
const EXPRESS_README = read('../README.md');
const CORE_README = read('../../core/README.md');

/** The property names of `WebhookReceiverOptions`, read from core's source. */
function receiverOptionNames(): string[] {
  const file = ts.createSourceFile('options.ts', read('../../core/src/receiver/options/options.ts'), ts.ScriptTarget.Latest);
  const names: string[] = [];
  file.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'WebhookReceiverOptions') {
      for (const member of node.members) if (member.name !== undefined && ts.isIdentifier(member.name)) names.push(member.name.text);
    }
  });
  return names.sort();
}

/** The lines of the section that starts with `heading`, up to the next heading of any level. */
function section(readme: string, heading: string): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const end = lines.findIndex((line, i) => i > start && /^#{1,6} /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Every backticked name in the first column of the section's table (header row excluded). */
function firstColumnNames(rows: string[]): string[] {
  return rows
    .filter((line) => line.startsWith('|') && !/^\|[-| ]+\|$/.test(line))
    .slice(1)
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string));
}

/** The body of the README's fenced block whose info string is exactly `info`. */
function block(readme: string, info: string): string {
  const match = new RegExp('^```' + info.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\n([\\s\\S]*?)^```$', 'm').exec(readme);
  if (match === null) throw new Error(`README has no \`\`\`${info} block`);
  return match[1] as string;
}

describe('the READMEs document every option and error kind', () => {
  it('the Express options table lists every WebhookReceiverOptions key, and no other', () => {
    const names = receiverOptionNames();
    expect(names).toContain('dangerouslyAllowUnauthenticated');
    expect(names).toContain('handlerTimeoutMs');
    expect(firstColumnNames(section(EXPRESS_README, '## Options')).sort()).toEqual(names);
  });

  it("core's options table of createWebhookReceiver lists every key, and no other", () => {
    expect(firstColumnNames(section(CORE_README, '### Options of `createWebhookReceiver`')).sort()).toEqual(receiverOptionNames());
  });

  it("the Express README's err.kind table lists every kind of WebhookReceiverError", () => {
    const kinds = firstColumnNames(section(EXPRESS_README, '## Errors')).map((k) => k.replace(/^'|'$/g, ''));
    expect(kinds.sort()).toEqual([...WEBHOOK_RECEIVER_ERROR_KINDS].sort());
    expect(kinds).toEqual(expect.arrayContaining(['handler_timeout', 'replay_guard']));
  });
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe.each(EXPRESSES)('%s: the quick start, mounted as the README mounts it', (_name, express) => {
  /** The quick start's own `app.…(…)` lines (routing and parsers), run on a real app. */
  async function quickStart(): Promise<{ url: string; handled: string[] }> {
    const source = block(EXPRESS_README, 'ts file=src/server.ts');
    const mounting = source.split('\n').filter((line) => /^app\.(all|use|post|get)\(/.test(line));
    expect(mounting.length).toBeGreaterThan(0);
    const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
    const handled: string[] = [];
    receiver.on('mo_text', (sms) => void handled.push(sms.id));
    const app = express();
    new Function('app', 'express', 'sinchWebhook', 'receiver', mounting.join('\n'))(app, express, sinchWebhook, receiver);
    const server = await serve(app);
    closers.push(server.close);
    return { url: server.url, handled };
  }

  it('GET /sinch/callbacks gets the documented 405 with Allow: POST', async () => {
    const { url } = await quickStart();
    const res = await send(`${url}/sinch/callbacks`, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(JSON.parse(res.body)).toEqual({ error: 'method_not_allowed' });
  });

  it('a signed POST is handled, the JSON parser after it notwithstanding', async () => {
    const { url, handled } = await quickStart();
    const body = moText('01README000000000000000000');
    expect((await send(`${url}/sinch/callbacks`, { headers: signedHeaders(body), body })).status).toBe(200);
    expect(handled).toEqual(['01README000000000000000000']);
  });

  it('the CommonJS variant mounts the same way', () => {
    const esm = block(EXPRESS_README, 'ts file=src/server.ts').split('\n').filter((l) => l.startsWith('app.'));
    const cjs = block(EXPRESS_README, 'js file=server.cjs').split('\n').filter((l) => l.startsWith('app.'));
    expect(cjs).toEqual(esm.map((l) => l.replace(/ \/\/.*$/, '')));
  });
});
