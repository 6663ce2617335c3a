import assert from 'node:assert/strict';
import { signedByKit } from '../kit-signing.js';
import { assertAnswer, BODIES } from '../answer-assertions.js';
import { freshId, moTextCallback } from '../callback-bodies.js';
import { withAdapter } from '../conformance-run.js';
import type { AdapterConformanceOptions, ConformanceCase } from '../types.js';

/** 500 (Sinch retries) when the app fails: a throwing handler, a body parser that ate the body. */
export function failureCases(settings: AdapterConformanceOptions): ConformanceCase[] {
  const cases: ConformanceCase[] = [
    {
      name: '500 with a generic body when a handler throws, and 200 once it no longer does',
      run: () =>
        withAdapter(settings, {}, async ({ http, receiver, journal }) => {
          let failing = true;
          receiver.on('mo_text', () => {
            if (failing) throw new Error('handler internals: db://user:pw@host');
          });
          const id = freshId();
          const body = moTextCallback(id);
          assertAnswer(await http.exchange({ headers: await signedByKit(body), body }), 500, BODIES.internalError);
          assert.deepEqual(
            journal.errors.map((e) => e.kind),
            ['handler'],
          );
          failing = false;
          // Sinch's retry of a failed callback is handled, not taken for a duplicate.
          assertAnswer(await http.exchange({ headers: await signedByKit(body), body }), 200, BODIES.accepted);
        }),
    },
  ];
  const startConsumed = settings.consumedBody;
  if (startConsumed !== undefined) {
    cases.push({
      name: '500 at once, naming the fix, when a body parser consumed the body and kept no raw copy',
      run: () =>
        withAdapter(settings, { start: startConsumed }, async ({ http, journal }) => {
          const body = moTextCallback(freshId());
          const answer = await http.exchange({ headers: await signedByKit(body), body });
          assertAnswer(answer, 500);
          const parsed = JSON.parse(answer.body) as { error?: unknown; message?: unknown };
          assert.equal(parsed.error, 'internal_error', `got ${answer.body}`);
          assert.ok(typeof parsed.message === 'string' && /raw/i.test(parsed.message), `the body must name the fix, got ${answer.body}`);
          assert.equal(journal.handled.length, 0);
          assert.ok(
            journal.errors.some((e) => e.kind === 'configuration'),
            'a WebhookConfigurationError goes to the error handlers',
          );
        }),
    });
  }
  return cases;
}
