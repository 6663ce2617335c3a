import { describe, expect, it } from 'vitest';
import { DEPTH_FRESH_MS, QueueDepth } from '../src/queue-depth.js';

describe('QueueDepth', () => {
  it('adds unread only on a count read within DEPTH_FRESH_MS', () => {
    let now = 0;
    const depth = new QueueDepth(10, () => now);
    expect(depth.canAddUnread()).toBe(false);
    depth.counted(depth.readSent(), 3);
    expect(depth.canAddUnread()).toBe(true);
    now += DEPTH_FRESH_MS + 1;
    expect(depth.canAddUnread()).toBe(false);
    expect(depth.hasRoom()).toBe(true);
  });

  it("counts this process's adds until a read sent after they settled, and forgets duplicates at once", () => {
    const depth = new QueueDepth(3, () => 0);
    const before = depth.readSent();
    const first = depth.addSent();
    const second = depth.addSent();
    const duplicate = depth.addSent();
    expect(depth.hasRoom()).toBe(false);
    duplicate(false);
    expect(depth.hasRoom()).toBe(true);
    first(true);
    // Sent before the adds: its count has neither.
    depth.counted(before, 1);
    expect(depth.hasRoom()).toBe(false);
    // Sent after the first settled: it has that one, and maybe not the second, still in flight.
    depth.counted(depth.readSent(), 2);
    expect(depth.hasRoom()).toBe(false);
    second(true);
    depth.counted(depth.readSent(), 2);
    expect(depth.hasRoom()).toBe(true);
  });

  it('keeps the newest read when answers come back out of order', () => {
    const depth = new QueueDepth(5, () => 0);
    const older = depth.readSent();
    const newer = depth.readSent();
    depth.counted(newer, 4);
    depth.counted(older, 0);
    expect(depth.hasRoom()).toBe(true);
    depth.addSent();
    expect(depth.hasRoom()).toBe(false);
  });
});
