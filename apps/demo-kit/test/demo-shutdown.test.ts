import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DemoShutdown } from '../src/session/demo-shutdown.js';

/** A stand-in for `process`: signals are emitted by hand, exit codes recorded. */
function fakeProcess() {
  const events = new EventEmitter();
  const exits: number[] = [];
  const host = { on: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => events.on(signal, listener), exit: (code: number) => void exits.push(code) };
  return { host, exits, signal: (name: 'SIGINT' | 'SIGTERM') => events.emit(name) };
}

describe('DemoShutdown', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('on %s aborts its signal, closes everything registered and exits 0', async (name) => {
    const proc = fakeProcess();
    const shutdown = DemoShutdown.install(proc.host);
    const closed: string[] = [];
    shutdown.onStop(() => void closed.push('server'));
    shutdown.onStop(async () => {
      closed.push('simulator');
      throw new Error('already closed');
    });
    proc.signal(name);
    expect(shutdown.signal.aborted).toBe(true);
    await vi.waitFor(() => expect(proc.exits).toEqual([0]));
    expect(closed).toEqual(['server', 'simulator']);
  });

  it('closes the onStopLast ones only once the others have closed (Redis outlives the worker finishing its jobs)', async () => {
    const proc = fakeProcess();
    const shutdown = DemoShutdown.install(proc.host);
    const closed: string[] = [];
    let finishJob!: () => void;
    shutdown.onStopLast(() => void closed.push('redis'));
    shutdown.onStop(() => new Promise<void>((resolve) => (finishJob = resolve)).then(() => void closed.push('worker')));
    shutdown.onStop(() => void closed.push('server'));
    proc.signal('SIGTERM');
    await vi.waitFor(() => expect(closed).toEqual(['server']));
    finishJob();
    await vi.waitFor(() => expect(proc.exits).toEqual([0]));
    expect(closed).toEqual(['server', 'worker', 'redis']);
  });

  it('drops a failure that happens while stopping, and reports any other with exit code 1', async () => {
    const stopping = fakeProcess();
    const quiet = DemoShutdown.install(stopping.host);
    stopping.signal('SIGINT');
    const report = vi.fn();
    quiet.fail(new Error('send() called after close()'), report);
    await vi.waitFor(() => expect(stopping.exits).toEqual([0]));
    expect(report).not.toHaveBeenCalled();

    const running = fakeProcess();
    const error = new Error('boom');
    DemoShutdown.install(running.host).fail(error, report);
    expect(report).toHaveBeenCalledWith(error);
    await vi.waitFor(() => expect(running.exits).toEqual([1]));
  });

  it('exits at once on a second signal while something hangs in closing', async () => {
    const proc = fakeProcess();
    const shutdown = DemoShutdown.install(proc.host);
    shutdown.onStop(() => new Promise(() => {}));
    proc.signal('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(proc.exits).toEqual([]);
    proc.signal('SIGINT');
    expect(proc.exits).toEqual([0]);
  });
});
