import assert from 'node:assert/strict';
import { assertAnswer, BODIES } from '../answer-assertions.js';
import { freshId, moTextCallback } from '../callback-bodies.js';
import { KIT_MAX_BODY_BYTES, withAdapter } from '../conformance-run.js';
import type { AdapterConformanceOptions, ConformanceCase } from '../types.js';

const JSON_TYPE = 'application/json';
const CHUNK = new Uint8Array(1024).fill(0x20);

/**
 * 413 over `maxBodyBytes`, with a declared length and with a chunked body of no length.
 * An adapter that streams must answer while the client is still sending: the request is
 * never ended, so waiting for the whole body is a hang, not a slow 413.
 */
export function bodyLimitCases(settings: AdapterConformanceOptions): ConformanceCase[] {
  if (settings.streamsBody === false) {
    return [
      {
        name: '413 for a complete body over maxBodyBytes; the handlers never see it',
        run: () =>
          withAdapter(settings, {}, async ({ http, journal }) => {
            const body = moTextCallback(freshId(), 'x'.repeat(KIT_MAX_BODY_BYTES));
            assertAnswer(await http.exchange({ headers: { 'content-type': JSON_TYPE }, body }), 413, BODIES.payloadTooLarge);
            assert.equal(journal.handled.length, 0);
          }),
      },
    ];
  }
  return [
    {
      name: '413 at once for a declared Content-Length over maxBodyBytes, before the body is sent',
      run: () =>
        withAdapter(settings, {}, async ({ http, journal }) => {
          const declared = KIT_MAX_BODY_BYTES * 256;
          const headers = { 'content-type': JSON_TYPE, 'content-length': String(declared) };
          // Never the whole declared body: an adapter that waits for it to end must not answer.
          assertAnswer(await http.answerWhileSending(headers, CHUNK, declared - CHUNK.byteLength), 413, BODIES.payloadTooLarge);
          assert.equal(journal.handled.length, 0);
        }),
    },
    {
      name: '413 for a chunked body of no declared length once it passes maxBodyBytes, not buffered to its end',
      run: () =>
        withAdapter(settings, {}, async ({ http, journal }) => {
          assertAnswer(await http.answerWhileSending({ 'content-type': JSON_TYPE }, CHUNK), 413, BODIES.payloadTooLarge);
          assert.equal(journal.handled.length, 0);
        }),
    },
  ];
}
