import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryRecord, SimulatedInboundInput } from '@sinch-inbounds/testing';
import { WebhookHandlerError, type ReconcileProgress, type ReconcileSource, type WebhookReceiverError } from '../../src/index.js';
import { anHourAgo, notOnce, startRig, type ReconcileRig } from './support.js';

let rig: ReconcileRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const TYPES = ['mo_text', 'mo_binary', 'mo_media'] as const;
const idAt = (i: number): string => `01RECONCILE${String(i).padStart(6, '0')}`;

describe('reconcile after webhooks that failed (end to end with the simulator)', () => {
  it('1,000 messages, 30% answered 503 until Sinch gives up and 5% dropped with a 4xx: one reconcile handles each exactly once; a second handles none', async () => {
    const N = 1000;
    const ids = Array.from({ length: N }, (_, i) => idAt(i));
    const dropped = new Set(ids.filter((_, i) => i % 20 === 0));
    const down = new Set(ids.filter((_, i) => i % 10 >= 1 && i % 10 <= 3));
    rig = await startRig({ front: (id) => (id !== undefined && dropped.has(id) ? 400 : id !== undefined && down.has(id) ? 503 : undefined) });
    const since = anHourAgo();

    const deliveries = [];
    for (let i = 0; i < N; i++) {
      const input: SimulatedInboundInput = { type: TYPES[i % 3]!, id: ids[i]! } as SimulatedInboundInput;
      deliveries.push((await rig.simulator.send(input)).delivery!);
    }
    const records = await Promise.all(deliveries);
    const outcomes = count(records.map((r) => r.outcome));
    expect(outcomes).toEqual({ delivered: N - dropped.size - down.size, dropped: dropped.size, exhausted: down.size });
    expect(records.filter((r) => r.outcome === 'exhausted').every((r) => r.attempts.length === 16)).toBe(true);
    const lost = ids.filter((id) => !rig!.handled.has(id));
    expect(lost.sort()).toEqual([...dropped, ...down].sort());

    const first = await rig.receiver.reconcile(rig.client, { since });
    expect(first).toMatchObject({ seen: N, handled: dropped.size + down.size, duplicates: N - dropped.size - down.size, failed: 0, deferred: 0, unreadable: 0, failedIds: [] });
    expect(notOnce(rig.handled, ids)).toEqual([]);
    expect(rig.handled.size).toBe(N);
    expect(rig.store.held.size).toBe(0);

    const second = await rig.receiver.reconcile(rig.client, { since });
    expect(second).toMatchObject({ seen: N, handled: 0, duplicates: N, failed: 0, deferred: 0 });
    expect(notOnce(rig.handled, ids)).toEqual([]);
    // Pages of 100: exactly ceil(N / 100) list requests per run.
    expect(rig.simulator.requests().filter((r) => r.route === 'list')).toHaveLength(2 * Math.ceil(N / 100));
  }, 60_000);

  it('handles each message once while the simulator delivers the same ids by webhook during the run, whichever copy holds the id when the other arrives', async () => {
    // Each meeting is staged on events, not left to timing: for half the ids the webhook
    // copy is in its handler when the run reaches the id (the run waits for it); for the
    // other half the run is in its handler when the webhook copy arrives (it waits).
    const arrived = new Map<string, () => void>();
    const arrivals = new Map<string, Promise<void>>();
    const arrival = (id: string): Promise<void> => {
      let promise = arrivals.get(id);
      if (promise === undefined) {
        promise = new Promise<void>((resolve) => arrived.set(id, resolve));
        arrivals.set(id, promise);
      }
      return promise;
    };
    rig = await startRig({
      front: (id) => {
        if (id !== undefined) {
          void arrival(id);
          arrived.get(id)!();
        }
        return undefined;
      },
    });
    const N = 300;
    rig.simulator.seed(N, (i) => ({ type: TYPES[i % 3]! }) as SimulatedInboundInput);
    const ids = rig.simulator.inbounds().map((m) => m.id);
    const webhookFirst = new Set(ids.filter((_, i) => i % 2 === 0));
    const handedOver = new Map<string, () => void>();
    const handovers = new Map(ids.map((id) => [id, new Promise<void>((resolve) => handedOver.set(id, resolve))]));
    // Once a copy has shown up at the receiver, what it does until it waits on the other
    // copy's claim is synchronous and microtasks only: the end of this turn of the event loop.
    const settledIn = () => new Promise((resolve) => setImmediate(resolve));
    const deliveries: Promise<DeliveryRecord>[] = [];
    const dispatchedByRun = new Set<string>();
    let runDidNotWait = 0;
    const simulator = rig.simulator;
    const client = rig.client;
    const source: ReconcileSource = {
      iterate: (params) =>
        (async function* () {
          for await (const item of client.iterate(params)) {
            const id = item.type === 'unreadable_inbound' ? undefined : item.id;
            if (id !== undefined && webhookFirst.has(id)) {
              // The webhook copy first: it takes the id and waits in its handler.
              deliveries.push(simulator.redeliver(id));
              await arrival(id);
              await settledIn();
            }
            if (id !== undefined) handedOver.get(id)!();
            yield item;
            // Asked for the next item: the run's dispatch of this one is over.
            if (id !== undefined) dispatchedByRun.add(id);
          }
        })(),
    };
    const copies = { webhook: 0, reconcile: 0 };
    rig.receiver.on('inbound', async (message, context) => {
      copies[context.source]++;
      if (context.source === 'webhook' && webhookFirst.has(message.id)) {
        // Holds the id until the run has reached it and waits for this copy.
        await handovers.get(message.id);
        await settledIn();
        // The run has this id and must be waiting for this copy, not past it.
        if (dispatchedByRun.has(message.id)) runDidNotWait++;
      } else if (context.source === 'reconcile' && !webhookFirst.has(message.id)) {
        // The run holds the id; the webhook copy comes now and waits for the run's.
        deliveries.push(simulator.redeliver(message.id));
        await arrival(message.id);
        await settledIn();
      }
    });

    const report = await rig.receiver.reconcile(source, { since: new Date(Date.now() - 24 * 60 * 60 * 1000) });
    const records = await Promise.all(deliveries);

    expect(records).toHaveLength(N);
    expect(records.every((r) => r.outcome === 'delivered' && r.attempts.length === 1)).toBe(true);
    expect(notOnce(rig.handled, ids)).toEqual([]);
    // Every meeting went the staged way: the copy that came second waited and was a duplicate.
    expect(report).toMatchObject({ seen: N, handled: N - webhookFirst.size, duplicates: webhookFirst.size, failed: 0, deferred: 0 });
    expect(copies).toEqual({ webhook: webhookFirst.size, reconcile: N - webhookFirst.size });
    expect(runDidNotWait).toBe(0);
    expect(rig.store.held.size).toBe(0);
  });

  it('counts a throwing handler as failed, handles the rest, reports it to error handlers, and the next run handles the failed ones once', async () => {
    rig = await startRig();
    const N = 120;
    rig.simulator.seed(N);
    const ids = rig.simulator.inbounds().map((m) => m.id);
    const broken = new Set(ids.filter((_, i) => i % 7 === 0));
    let failing = true;
    rig.receiver.on('inbound', (message) => {
      if (failing && broken.has(message.id)) throw new Error(`cannot store ${message.id}`);
    });
    const errors: WebhookReceiverError[] = [];
    rig.receiver.on('error', (error) => void errors.push(error));
    const since = new Date(Date.now() - 24 * 60 * 60 * 1000);

    const first = await rig.receiver.reconcile(rig.client, { since });
    expect(first).toMatchObject({ seen: N, handled: N - broken.size, failed: broken.size, duplicates: 0, deferred: 0 });
    expect([...first.failedIds].sort()).toEqual([...broken].sort());
    const reported = errors.filter((e): e is WebhookHandlerError => e instanceof WebhookHandlerError);
    expect(reported.map((e) => ('id' in e.callback ? e.callback.id : '')).sort()).toEqual([...broken].sort());
    expect(rig.store.held.size).toBe(0);

    failing = false;
    const second = await rig.receiver.reconcile(rig.client, { since });
    expect(second).toMatchObject({ seen: N, handled: broken.size, duplicates: N - broken.size, failed: 0, failedIds: [] });
    // The 'inbound' counter ran for the broken ids on both runs (the throwing handler is
    // another one), so it saw them twice; every other id once.
    expect(notOnce(rig.handled, ids).sort()).toEqual([...broken].sort());
    expect(ids.filter((id) => broken.has(id)).every((id) => rig!.handled.get(id) === 2)).toBe(true);
  });

  it('reports progress every 100 items and at the end', async () => {
    rig = await startRig();
    rig.simulator.seed(250);
    const seen: ReconcileProgress[] = [];
    await rig.receiver.reconcile(rig.client, { since: new Date(Date.now() - 24 * 60 * 60 * 1000), onProgress: (p) => void seen.push(p) });
    expect(seen.map((p) => p.seen)).toEqual([100, 200, 250]);
    expect(seen.at(-1)).toMatchObject({ handled: 250, duplicates: 0 });
  });
});

describe('aborting a reconcile', () => {
  it('mid-run, with a handler in progress: rejects with the reason once no claim is held; the next run completes, each message once', async () => {
    rig = await startRig();
    const N = 250;
    rig.simulator.seed(N);
    const ids = rig.simulator.inbounds().map((m) => m.id);
    const controller = new AbortController();
    const reason = new Error('shutting down');
    let calls = 0;
    rig.receiver.on('inbound', async () => {
      if (++calls !== 60) return;
      // Abort while this handler runs: it finishes, and its claim is completed.
      controller.abort(reason);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const since = new Date(Date.now() - 24 * 60 * 60 * 1000);

    await expect(rig.receiver.reconcile(rig.client, { since, signal: controller.signal })).rejects.toBe(reason);
    expect(rig.store.held.size).toBe(0);
    expect(rig.handled.size).toBe(60);

    const next = await rig.receiver.reconcile(rig.client, { since });
    expect(next).toMatchObject({ seen: N, handled: N - 60, duplicates: 60, failed: 0, deferred: 0 });
    expect(notOnce(rig.handled, ids)).toEqual([]);
    expect(rig.store.held.size).toBe(0);
  });

  it('while waiting for a webhook copy of the same message: stops waiting at once, holding nothing', async () => {
    rig = await startRig({ receiver: { duplicateWaitMs: 60_000 } });
    const sent = await rig.simulator.send({ type: 'mo_text', body: 'slow' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    rig.receiver.on('inbound', async () => {
      entered();
      await gate;
    });
    await inHandler;
    const controller = new AbortController();
    // The run's source, watched: told when the run is handed the message, and whether
    // the run asked for the next item (it does once that message's dispatch is over).
    let handedOver!: () => void;
    const reachedMessage = new Promise<void>((resolve) => (handedOver = resolve));
    let dispatched = false;
    const client = rig.client;
    const source: ReconcileSource = {
      iterate: (params) =>
        (async function* () {
          for await (const item of client.iterate(params)) {
            handedOver();
            yield item;
            dispatched = true;
          }
        })(),
    };
    const run = rig.receiver.reconcile(source, { since: anHourAgo(), signal: controller.signal });
    run.catch(() => {});
    await reachedMessage;
    // From being handed the message to waiting on the webhook's claim is synchronous and
    // microtasks only: once this turn of the event loop is over, the run is waiting.
    await new Promise((resolve) => setImmediate(resolve));
    // It is: its dispatch is not over, and it took no claim of its own.
    expect(dispatched).toBe(false);
    expect(rig.store.claims).toBe(1);
    controller.abort(new Error('stop'));
    await expect(run).rejects.toThrow('stop');
    // Only the webhook's own claim is held, and it is still handling.
    expect([...rig.store.held]).toEqual([`mo:${sent.inbound.id}`]);
    release();
    expect((await sent.delivery!).outcome).toBe('delivered');
    expect(rig.store.held.size).toBe(0);
    expect(rig.handled.get(sent.inbound.id)).toBe(1);
  });

  it('rejects at once when the signal is already aborted, reading nothing', async () => {
    rig = await startRig();
    rig.simulator.seed(3);
    const reason = new Error('never started');
    await expect(rig.receiver.reconcile(rig.client, { since: anHourAgo(), signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(rig.simulator.requests()).toHaveLength(0);
    expect(rig.handled.size).toBe(0);
  });
});

describe('when reading the API fails', () => {
  it('rejects with a ReconcileError carrying the partial report and the cause; the next run finishes the window', async () => {
    rig = await startRig();
    rig.simulator.seed(250);
    const ids = rig.simulator.inbounds().map((m) => m.id);
    const client = new (rig.client.constructor as typeof import('../../src/index.js').InboundsClient)({
      servicePlanId: rig.simulator.servicePlanId,
      apiToken: rig.simulator.apiToken,
      baseUrl: rig.simulator.url,
      maxRetries: 0,
      prefetchPages: 0,
    });
    const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
    // The first page answers; every later one fails.
    let lists = 0;
    rig.simulator.setFaults(undefined);
    const run = rig.receiver.reconcile(
      {
        iterate: (params) => {
          const inner = client.iterate(params);
          return {
            async *[Symbol.asyncIterator]() {
              for await (const item of inner) {
                yield item;
                if (++lists === 100) rig!.simulator.setFaults({ list: { errorRate: 1, errorStatus: 400 } });
              }
            },
          };
        },
      },
      { since },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf((await import('../../src/index.js')).ReconcileError);
    const failure = error as import('../../src/index.js').ReconcileError;
    expect(failure.report).toMatchObject({ seen: 100, handled: 100 });
    expect((failure.cause as { status?: number }).status).toBe(400);

    rig.simulator.setFaults(undefined);
    const next = await rig.receiver.reconcile(rig.client, { since });
    expect(next).toMatchObject({ seen: 250, handled: 150, duplicates: 100 });
    expect(notOnce(rig.handled, ids)).toEqual([]);
  });
});

function count(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
