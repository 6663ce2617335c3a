import assert from 'node:assert/strict';
import { signedByKit } from '../kit-signing.js';
import { assertAnswer, BODIES } from '../answer-assertions.js';
import { freshId, moTextCallback } from '../callback-bodies.js';
import { withAdapter } from '../conformance-run.js';
import type { AdapterConformanceOptions, ConformanceCase } from '../types.js';

const CONNECTIONS = 20;

/** Many connections at once, and a client that goes away mid-body. */
export function connectionCases(settings: AdapterConformanceOptions): ConformanceCase[] {
  return [
    {
      name: `concurrency: the same message from ${CONNECTIONS} connections at once is handled once, every copy answered 200`,
      run: () =>
        withAdapter(settings, {}, async ({ http, receiver, journal }) => {
          // A slow handler keeps the first copy in flight while the others arrive.
          receiver.on('mo_text', () => new Promise<void>((resolve) => setTimeout(resolve, 50)));
          const id = freshId();
          const body = moTextCallback(id);
          // Signed first, so the copies leave together.
          const signed = await Promise.all(Array.from({ length: CONNECTIONS }, () => signedByKit(body)));
          const answers = await Promise.all(signed.map((headers) => http.exchange({ headers, body })));
          for (const answer of answers) assertAnswer(answer, 200);
          assert.equal(journal.timesHandled(id), 1, `handled ${journal.timesHandled(id)} times`);
          assert.ok(
            answers.some((a) => a.body === BODIES.accepted),
            'one copy is answered accepted',
          );
        }),
    },
    {
      name: 'a client that goes away mid-body: the handlers do not run and the server stays healthy',
      run: () =>
        withAdapter(settings, {}, async ({ http, journal }) => {
          // A complete, validly signed JSON document, but the head promises more bytes:
          // an adapter that takes what arrived before the close for the body would run it.
          const cut = moTextCallback(freshId());
          const bytes = Buffer.from(cut);
          await http.abortMidBody(await signedByKit(bytes), bytes, bytes.length + 64);
          const id = freshId();
          const body = moTextCallback(id);
          assertAnswer(await http.exchange({ headers: await signedByKit(body), body }), 200, BODIES.accepted);
          assert.deepEqual(
            journal.handled.map((h) => (h.callback as { id?: unknown }).id),
            [id],
            'only the complete request was handled',
          );
        }),
    },
  ];
}
