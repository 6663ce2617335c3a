import assert from 'node:assert/strict';
import { signedByKit } from '../kit-signing.js';
import { assertAnswer, BODIES } from '../answer-assertions.js';
import { freshId, moTextCallback } from '../callback-bodies.js';
import { withAdapter, type CaseTarget } from '../conformance-run.js';
import type { AdapterConformanceOptions, ConformanceCase } from '../types.js';

const HOUR = 3600;

/** How each unauthenticated request is made, from a valid body. */
const REFUSALS: readonly { name: string; headers: (body: string) => Record<string, string> | Promise<Record<string, string>> }[] = [
  { name: 'missing signature headers', headers: () => ({ 'content-type': 'application/json' }) },
  { name: 'a signature made with another secret', headers: (body) => signedByKit(body, { secret: 'not-the-secret' }) },
  { name: 'a stale timestamp (an hour old)', headers: (body) => signedByKit(body, { timestamp: now() - HOUR }) },
  { name: 'a timestamp an hour in the future', headers: (body) => signedByKit(body, { timestamp: now() + HOUR }) },
  {
    name: 'an unsupported signature algorithm',
    headers: async (body) => ({ ...(await signedByKit(body)), 'x-sinch-webhook-signature-algorithm': 'HmacSHA1' }),
  },
];

/** 401 for every way a request can fail authentication; handlers never run. */
export function authCases(settings: AdapterConformanceOptions): ConformanceCase[] {
  const refusals = REFUSALS.map(
    (refusal): ConformanceCase => ({
      name: `401 unauthorized: ${refusal.name}`,
      run: () =>
        withAdapter(settings, {}, async ({ http, journal }) => {
          const body = moTextCallback(freshId());
          assertAnswer(await http.exchange({ headers: await refusal.headers(body), body }), 401, BODIES.unauthorized);
          assertNothingHandled(journal);
        }),
    }),
  );
  // The very same signed request again: a callback with a dedupe key takes the dedupe path
  // (Sinch may resend the original request while the first copy runs), so it is a
  // duplicate that runs no handler twice; one without a key can only be refused.
  const keyedReplay: ConformanceCase = {
    name: '200 duplicate: the very same signed request again (a keyed callback replayed runs no handler twice)',
    run: () =>
      withAdapter(settings, {}, async ({ http, journal }) => {
        const id = freshId();
        const body = moTextCallback(id);
        const headers = await signedByKit(body);
        assertAnswer(await http.exchange({ headers, body }), 200, BODIES.accepted);
        assertAnswer(await http.exchange({ headers, body }), 200, BODIES.duplicate);
        assert.equal(journal.timesHandled(id), 1);
      }),
  };
  const keylessReplay: ConformanceCase = {
    name: '401 unauthorized: the very same signed request again, for a callback with no dedupe key (replayed nonce)',
    run: () =>
      withAdapter(settings, {}, async ({ http }) => {
        const body = JSON.stringify({ type: 'conformance_probe', note: freshId() }); // an unknown type without an id: no dedupe key
        const headers = await signedByKit(body);
        assertAnswer(await http.exchange({ headers, body }), 200, BODIES.accepted);
        assertAnswer(await http.exchange({ headers, body }), 401, BODIES.unauthorized);
      }),
  };
  return [...refusals, keyedReplay, keylessReplay];
}

function assertNothingHandled(journal: CaseTarget['journal']): void {
  assert.equal(journal.handled.length, 0, 'no handler may run for an unauthenticated request');
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
