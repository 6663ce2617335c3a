// Messages arriving in the pinned second while a walk pages (issue 25, item 3): shared by
// core's iterate/reconcile end-to-end test and the Redis package's reconcile test.
import type { SinchSimulator } from '@sinch-inbounds/testing';
import { InboundsClient, silentLogger, type FetchLike } from '../../../src/index.js';

/**
 * Stores `n` older messages and a busy second of `busy` messages (the newest), and returns
 * a `fetch` that, before each list request after the first page, stores `perRequest` of
 * the `arrivals` in that second: most after its newest message, some between its messages.
 */
export async function arrivalsBetweenRequests(
  s: SinchSimulator,
  n: number,
  busy: number,
  arrivals: number,
  perRequest: number,
): Promise<{ fetch: FetchLike; added: () => number }> {
  s.seed(n);
  const second = Math.floor((Date.now() - 5_000) / 1000) * 1000;
  for (let i = 0; i < busy; i++) await s.send({ received_at: new Date(second + i * 5), body: `busy ${i}` });
  let added = 0;
  const arrive = async (): Promise<void> => {
    // Numbered before any await: concurrent requests must not both take the last ones.
    const batch: number[] = [];
    while (batch.length < perRequest && added < arrivals) batch.push(added++);
    for (const i of batch) {
      const at = i % 3 === 0 ? second + 1 + (i % busy) * 5 : second + 600 + i;
      await s.send({ received_at: new Date(at), body: `arrival ${i}` });
    }
  };
  const hooked: FetchLike = async (url, init) => {
    if (new URL(url).searchParams.get('page') !== '0') await arrive();
    return fetch(url, init);
  };
  return { fetch: hooked, added: () => added };
}

/** A client on the simulator through `hooked`, retrying its faults quickly. */
export function clientFor(s: SinchSimulator, hooked: FetchLike): InboundsClient {
  return new InboundsClient({
    servicePlanId: s.servicePlanId,
    apiToken: s.apiToken,
    baseUrl: s.url,
    logger: silentLogger,
    fetch: hooked,
    maxRetries: 12,
    retry: { baseDelayMs: 1, maxDelayMs: 10 },
  });
}
