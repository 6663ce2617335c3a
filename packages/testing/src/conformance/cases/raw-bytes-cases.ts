import assert from 'node:assert/strict';
import { signedByKit } from '../kit-signing.js';
import { assertAnswer, BODIES } from '../answer-assertions.js';
import { AWKWARD_TEXT, awkwardCallback, freshId } from '../callback-bodies.js';
import { withAdapter, type CaseTarget } from '../conformance-run.js';
import type { HttpCall } from '../http-exchange.js';
import type { AdapterConformanceOptions, ConformanceCase } from '../types.js';

/**
 * The receiver must get the exact bytes Sinch signed: multibyte text, escapes and odd
 * whitespace an adapter must not re-encode, re-serialise or trim — in one piece, and in
 * pieces cut inside multibyte characters.
 */
export function rawBytesCases(settings: AdapterConformanceOptions): ConformanceCase[] {
  return [
    {
      name: 'raw bytes: the handlers get exactly the bytes that were signed (multibyte text, odd whitespace)',
      run: () => withAdapter(settings, {}, (target) => expectExactBytes(target, (bytes) => ({ body: bytes }))),
    },
    {
      name: 'raw bytes: a chunked body cut inside multibyte characters arrives joined and unchanged',
      run: () => withAdapter(settings, {}, (target) => expectExactBytes(target, (bytes) => ({ chunks: cutInsideCharacters(bytes) }))),
    },
  ];
}

async function expectExactBytes({ http, journal }: CaseTarget, send: (bytes: Uint8Array) => HttpCall): Promise<void> {
  const id = freshId();
  const bytes = Buffer.from(awkwardCallback(id), 'utf8');
  assertAnswer(await http.exchange({ headers: await signedByKit(bytes), ...send(bytes) }), 200, BODIES.accepted);
  const seen = journal.handled[0];
  assert.ok(seen !== undefined, 'the handlers ran');
  assert.ok(Buffer.from(seen.rawBody).equals(bytes), `the raw body differs from what was signed:\n${Buffer.from(seen.rawBody).toString('utf8')}`);
  assert.equal((seen.callback as { body?: unknown }).body, AWKWARD_TEXT);
}

/** Splits after the first byte of every 4-byte character (emoji), so no piece decodes alone. */
function cutInsideCharacters(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) >= 0xf0) {
      pieces.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}
