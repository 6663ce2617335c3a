import assert from 'node:assert/strict';
import { signedByKit } from '../kit-signing.js';
import { assertAnswer, BODIES } from '../answer-assertions.js';
import { freshId, moTextCallback } from '../callback-bodies.js';
import { withAdapter } from '../conformance-run.js';
import type { AdapterConformanceOptions, ConformanceCase } from '../types.js';

/** 200 for what Sinch sends: a new callback, an unknown type, and a redelivery. */
export function acceptedCases(settings: AdapterConformanceOptions): ConformanceCase[] {
  return [
    {
      name: '200 accepted: a signed mo_text reaches the handlers once, typed',
      run: () =>
        withAdapter(settings, {}, async ({ http, journal }) => {
          const id = freshId();
          const body = moTextCallback(id);
          assertAnswer(await http.exchange({ headers: await signedByKit(body), body }), 200, BODIES.accepted);
          assert.equal(journal.timesHandled(id), 1, 'the handlers ran once');
          assert.equal(journal.handled[0]?.callback.type, 'mo_text');
        }),
    },
    {
      name: '200 accepted: a callback type the library does not know',
      run: () =>
        withAdapter(settings, {}, async ({ http, journal }) => {
          const body = `{"type":"mo_telepathy","id":"${freshId()}"}`;
          assertAnswer(await http.exchange({ headers: await signedByKit(body), body }), 200, BODIES.accepted);
          assert.equal(journal.handled[0]?.callback.type, 'mo_telepathy');
        }),
    },
    {
      name: '200 duplicate: the same message signed afresh is not handled again',
      run: () =>
        withAdapter(settings, {}, async ({ http, journal }) => {
          const id = freshId();
          const body = moTextCallback(id);
          assertAnswer(await http.exchange({ headers: await signedByKit(body), body }), 200, BODIES.accepted);
          assertAnswer(await http.exchange({ headers: await signedByKit(body), body }), 200, BODIES.duplicate);
          assert.equal(journal.timesHandled(id), 1, 'the handlers ran once for two deliveries');
        }),
    },
  ];
}
