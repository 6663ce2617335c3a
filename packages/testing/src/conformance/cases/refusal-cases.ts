import assert from 'node:assert/strict';
import { signedByKit } from '../kit-signing.js';
import { assertAnswer, BODIES } from '../answer-assertions.js';
import { freshId, moTextCallback } from '../callback-bodies.js';
import { withAdapter } from '../conformance-run.js';
import type { AdapterConformanceOptions, ConformanceCase } from '../types.js';

const MALFORMED = '{"type": "mo_text",';

/** What is refused before authentication: the wrong method or media type, and malformed JSON. */
export function refusalCases(settings: AdapterConformanceOptions): ConformanceCase[] {
  return [
    {
      name: '405 with Allow: POST for GET and PUT (not a 404: the route takes every method)',
      run: () =>
        withAdapter(settings, {}, async ({ http }) => {
          for (const method of ['GET', 'PUT']) {
            const answer = await http.exchange({ method });
            assertAnswer(answer, 405, BODIES.methodNotAllowed);
            assert.equal(answer.headers.allow, 'POST', `${method}: the 405 must say Allow: POST`);
          }
        }),
    },
    {
      name: '415 for a body that is not JSON, and for a missing Content-Type',
      run: () =>
        withAdapter(settings, {}, async ({ http, journal }) => {
          const body = moTextCallback(freshId());
          const headers = await signedByKit(body);
          assertAnswer(await http.exchange({ headers: { ...headers, 'content-type': 'text/plain' }, body }), 415, BODIES.unsupportedMediaType);
          assertAnswer(
            await http.exchange({ headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body }),
            415,
            BODIES.unsupportedMediaType,
          );
          const { 'content-type': _none, ...untyped } = headers;
          assertAnswer(await http.exchange({ headers: untyped, body: Buffer.from(body) }), 415, BODIES.unsupportedMediaType);
          assert.equal(journal.handled.length, 0);
        }),
    },
    {
      name: '400 for malformed JSON on an endpoint without auth',
      run: () =>
        withAdapter(settings, { receiverOptions: { secret: undefined, dangerouslyAllowUnauthenticated: true } }, async ({ http }) => {
          assertAnswer(await http.exchange({ headers: { 'content-type': 'application/json' }, body: MALFORMED }), 400, BODIES.badRequest);
        }),
    },
    {
      name: '401, not 400, for unsigned malformed JSON on an endpoint with auth (nothing is parsed before authentication)',
      run: () =>
        withAdapter(settings, {}, async ({ http }) => {
          assertAnswer(await http.exchange({ headers: { 'content-type': 'application/json' }, body: MALFORMED }), 401, BODIES.unauthorized);
        }),
    },
  ];
}
