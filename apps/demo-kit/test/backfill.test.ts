import { InboundsClient, isReadableInbound } from '@sinch-inbounds/core';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { backfillInbox, BACKFILL_WINDOW_MS } from '../src/inbox/backfill.js';
import { InboxStore } from '../src/inbox/inbox-store.js';

describe('backfillInbox against the simulator', () => {
  let simulator: SinchSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  it('adds what the last 24 h hold once, and nothing on a second run; older messages stay out', async () => {
    simulator = await startSinchSimulator();
    const client = new InboundsClient({ servicePlanId: simulator.servicePlanId, apiToken: simulator.apiToken, baseUrl: simulator.url });
    simulator.seed(4);
    const old = (await simulator.send({ type: 'mo_text', body: 'too old', received_at: new Date(Date.now() - BACKFILL_WINDOW_MS - 60_000) })).inbound;
    const store = new InboxStore();
    const heard: string[] = [];
    store.onAdded((message) => heard.push(message.id));
    // One the webhook already brought: a backfill must not add it again.
    const [known] = (await client.list()).inbounds;
    if (known === undefined || !isReadableInbound(known)) throw new Error('expected a readable message first');
    store.add(known);

    const first = await backfillInbox(store, client);
    expect(first.messages).toHaveLength(4);
    expect(first.messages.map((m) => m.id)).not.toContain(old.id);
    expect(first.added).toHaveLength(3);
    expect(first.unreadable).toEqual([]);
    expect(first.added.map((m) => m.id)).not.toContain(known.id);
    expect(heard).toEqual([known.id, ...first.added.map((m) => m.id)]);

    const second = await backfillInbox(store, client);
    expect(second.messages.map((m) => m.id).sort()).toEqual(first.messages.map((m) => m.id).sort());
    expect(second.added).toEqual([]);
    expect(store.list()).toHaveLength(4);
  });
});
