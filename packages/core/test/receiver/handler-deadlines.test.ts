import { describe, expect, it } from 'vitest';
import { HandlerDeadlines } from '../../src/receiver/dispatch/handler-deadlines.js';

const never = () => new Promise<never>(() => {});

// The way the dispatcher uses a ticket: settle with the run, or with undefined at its deadline.
function within<T>(deadlines: HandlerDeadlines, promise: Promise<T>): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const ticket = deadlines.watch(() => resolve(undefined));
    promise.then(
      (value) => {
        if (deadlines.release(ticket)) resolve(value);
      },
      (error: unknown) => {
        if (deadlines.release(ticket)) reject(error);
      },
    );
  });
}
const refTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('HandlerDeadlines', () => {
  it('settles like the promise when it settles in time, rejections included', async () => {
    const deadlines = new HandlerDeadlines(1000);
    await expect(within(deadlines, Promise.resolve('ok'))).resolves.toBe('ok');
    await expect(within(deadlines, Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(deadlines.queued).toBe(0);
  });

  it('answers undefined for each promise still pending at its own deadline, in order, with one timer', async () => {
    const deadlines = new HandlerDeadlines(30);
    const order: string[] = [];
    const first = within(deadlines, never()).then((v) => order.push(`first:${String(v)}`));
    await new Promise((r) => setTimeout(r, 10));
    const second = within(deadlines, never()).then((v) => order.push(`second:${String(v)}`));
    let resolveThird!: (v: string) => void;
    const third = within(deadlines, new Promise<string>((r) => (resolveThird = r))).then((v) => order.push(`third:${v}`));
    resolveThird('done');
    await Promise.all([first, second, third]);
    expect(order).toEqual(['third:done', 'first:undefined', 'second:undefined']);
    expect(deadlines.queued).toBe(0);
  });

  it('does not answer a promise twice: a late settlement after the deadline is ignored', async () => {
    const deadlines = new HandlerDeadlines(5);
    let resolve!: (v: string) => void;
    const answers: unknown[] = [];
    await within(deadlines, new Promise<string>((r) => (resolve = r))).then((v) => answers.push(v));
    resolve('late');
    await new Promise((r) => setTimeout(r, 5));
    expect(answers).toEqual([undefined]);
  });

  it('sweeps out settled entries held behind a slow head, so memory follows what is in flight', async () => {
    const deadlines = new HandlerDeadlines(60_000);
    let releaseHead!: () => void;
    const head = within(deadlines, new Promise<void>((r) => (releaseHead = r)));
    for (let i = 0; i < 10_000; i++) await within(deadlines, Promise.resolve(i));
    // Without the sweep all 10,000 settled entries would still be queued behind the head.
    expect(deadlines.queued).toBeLessThan(2100);
    releaseHead();
    await head;
    expect(deadlines.queued).toBe(0);
  });

  it('lets go of settled entries under steady overlapping load, where the queue never runs empty', async () => {
    const deadlines = new HandlerDeadlines(60_000);
    const release: (() => void)[] = [];
    const pending: Promise<unknown>[] = [];
    const start = () => pending.push(within(deadlines, new Promise<void>((r) => release.push(r))));
    start();
    for (let i = 0; i < 10_000; i++) {
      start(); // the next one begins before the previous one ends
      release.shift()!();
      await pending.shift();
    }
    expect(deadlines.queued).toBeLessThan(2100);
    release.shift()!();
    await pending.shift();
    expect(deadlines.queued).toBe(0);
  });

  it('keeps the process alive only while something is in flight, as a setTimeout per callback did', async () => {
    const before = refTimers();
    const deadlines = new HandlerDeadlines(60_000);
    let release!: () => void;
    const pending = within(deadlines, new Promise<void>((r) => (release = r)));
    expect(refTimers()).toBe(before + 1);
    release();
    await pending;
    expect(refTimers()).toBe(before);
  });
});
