import { describe, expect, it } from 'vitest';
import { HandlerRegistry, type AnyCallbackHandler } from '../../src/receiver/dispatch/handler-registry.js';
import type { WebhookContext } from '../../src/receiver/dispatch/events.js';
import { parseInbound } from '../../src/index.js';
import { moText } from './fixtures.js';

const callback = parseInbound(moText());
const context: WebhookContext = { source: 'webhook', rawBody: new Uint8Array(), headers: {}, dedupeKey: undefined, nonce: undefined };

function runThen(handlers: AnyCallbackHandler[]): Promise<readonly unknown[]> {
  return new Promise((resolve) => {
    let calls = 0;
    new HandlerRegistry().runThen(handlers, callback, context, (errors) => {
      calls++;
      // Once, and only once.
      queueMicrotask(() => (calls === 1 ? resolve(errors) : resolve([new Error(`done called ${calls} times`)])));
    });
  });
}

describe('HandlerRegistry.runThen', () => {
  it('runs every handler in order, one after the other, and collects what each threw or rejected with', async () => {
    const order: string[] = [];
    const thrown = new Error('sync throw');
    const rejected = new Error('async reject');
    const errors = await runThen([
      () => void order.push('sync'),
      async () => {
        await new Promise((r) => setTimeout(r, 5));
        order.push('async');
      },
      () => {
        order.push('throws');
        throw thrown;
      },
      async () => {
        order.push('rejects');
        throw rejected;
      },
      () => void order.push('last'),
    ]);
    expect(order).toEqual(['sync', 'async', 'throws', 'rejects', 'last']);
    expect(errors).toEqual([thrown, rejected]);
  });

  it('takes thenables as await would, a then() that throws included', async () => {
    const broken = new Error('then() threw');
    const order: string[] = [];
    const errors = await runThen([
      () => ({ then: (ok: () => void) => setTimeout(() => (order.push('thenable'), ok()), 1) }) as unknown as Promise<void>,
      () =>
        ({
          then: () => {
            throw broken;
          },
        }) as unknown as Promise<void>,
      () => void order.push('after'),
    ]);
    expect(order).toEqual(['thenable', 'after']);
    expect(errors).toEqual([broken]);
  });

  it('answers at once with no handlers, and with no errors when none failed', async () => {
    expect(await runThen([])).toEqual([]);
    expect(await runThen([async () => undefined])).toEqual([]);
  });
});
