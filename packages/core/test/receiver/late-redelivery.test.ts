import { describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  MemoryDedupeStore,
  type DedupeStore,
  type ReplayGuard,
  type WebhookReceiverOptions,
} from '../../src/index.js';
import { moText, NOW, recordingLogger, SECRET, signed } from './fixtures.js';

const W = 300_000; // the default tolerance window, ms
const TTL = 3_600_000; // dedupeTtlMs in these tests
const START = NOW; // when the dedupe memory begins (a whole second)
const sec = (ms: number) => Math.floor(ms / 1000);

/** A receiver on a clock the test moves, whose in-memory dedupe store began at START. */
function setup(options: Partial<WebhookReceiverOptions> & { store?: DedupeStore | false } = {}) {
  let clock = START;
  const logger = recordingLogger();
  const { store = new MemoryDedupeStore({ now: () => clock }), ...rest } = options;
  const r = createWebhookReceiver({ secret: SECRET, logger, now: () => clock, dedupe: store, dedupeTtlMs: TTL, ...rest });
  const handled: string[] = [];
  r.on('mo_text', (m) => void handled.push(m.id));
  r.on('error', () => {});
  /** Posts `body` signed at `signedAtMs` (with `nonce`), when the clock reads `atMs`. */
  const post = async (body: string, signedAtMs: number, atMs: number, nonce = `n-${signedAtMs}-${atMs}-${body.length}`) => {
    clock = atMs;
    const headers = signed(body, { timestamp: sec(signedAtMs), nonce });
    return r.handle({ method: 'POST', headers, body });
  };
  const refusals = () => logger.entries.filter((e) => /cannot vouch/.test(e.message)).map((e) => e.context?.why);
  return { r, logger, handled, post, refusals };
}

describe('a genuine callback signed outside the tolerance window', () => {
  it('never handled: handled once when the memory vouches; every later copy is a duplicate', async () => {
    const { post, handled, logger } = setup();
    const body = moText('01LATE1');
    const T = START + W;
    // The original signed request, redelivered 10 minutes after it was signed.
    const first = await post(body, T, T + 10 * 60_000, 'original');
    expect(first.body).toBe('{"status":"accepted"}');
    expect(handled).toEqual(['01LATE1']);
    // The same request again (same nonce): the dedupe memory, not the nonce memory, answers.
    const again = await post(body, T, T + 20 * 60_000, 'original');
    expect(again.body).toBe('{"status":"duplicate"}');
    expect(handled).toEqual(['01LATE1']);
    expect(logger.entries.some((e) => e.level === 'info' && /dedupe memory vouches/.test(e.message))).toBe(true);
  });

  it('already handled: 200 duplicate, handlers not run', async () => {
    const { post, handled } = setup();
    const body = moText('01LATE2');
    const T = START + W;
    expect((await post(body, T, T, 'fresh')).status).toBe(200);
    const late = await post(body, T, T + 30 * 60_000, 'fresh');
    expect(late.body).toBe('{"status":"duplicate"}');
    expect(handled).toEqual(['01LATE2']);
  });

  it('boundary: the memory must have begun at least one window before the signature', async () => {
    const ok = setup();
    expect((await ok.post(moText('01EDGE1'), START + W, START + W + W + 1000)).status).toBe(200);
    const young = setup();
    expect((await young.post(moText('01EDGE2'), START + W - 1000, START + W + W)).status).toBe(401);
    expect(young.handled).toEqual([]);
    expect(young.refusals()).toEqual(['memory_too_young']);
  });

  it('boundary: a signature dedupeTtlMs old or older stays 401', async () => {
    const T = START + W;
    const inside = setup();
    expect((await inside.post(moText('01TTL1'), T, T + TTL - 1000)).status).toBe(200);
    const at = setup();
    expect((await at.post(moText('01TTL2'), T, T + TTL)).status).toBe(401);
    expect(at.refusals()).toEqual(['older_than_dedupe_ttl']);
    expect(at.handled).toEqual([]);
  });

  it('boundary: a signature dedupeTtlMs or more ahead stays 401; less is vouched for', async () => {
    const now = START + 2 * W;
    const inside = setup();
    expect((await inside.post(moText('01FUT1'), now + TTL - 1000, now)).status).toBe(200);
    const at = setup();
    expect((await at.post(moText('01FUT2'), now + TTL, now)).status).toBe(401);
    expect(at.refusals()).toEqual(['too_far_ahead']);
  });

  it('a signature ahead of this clock is remembered until its signature time plus dedupeTtlMs, not just dedupeTtlMs from now', async () => {
    const { post, handled } = setup();
    const body = moText('01AHEAD');
    const now = START + 2 * W;
    const T = now + 10 * 60_000; // signed 10 minutes "in the future"
    expect((await post(body, T, now, 'ahead')).status).toBe(200);
    // Past now + TTL (when a plain TTL would have forgotten it) but before T + TTL, where
    // the same request is still vouched for: it must be a duplicate, not a second run.
    const replay = await post(body, T, now + TTL + 5 * 60_000, 'ahead');
    expect(replay.body).toBe('{"status":"duplicate"}');
    expect(handled).toEqual(['01AHEAD']);
  });

  it('a request handled before a restart and replayed after it is refused: the new memory began later', async () => {
    const body = moText('01RESTART');
    const T = START + W;
    const before = setup();
    expect((await before.post(body, T, T, 'captured')).status).toBe(200);
    // The process restarts 20 minutes later: a fresh in-memory store, remembering nothing.
    const after = setup({ store: new MemoryDedupeStore({ now: () => T + 20 * 60_000 }) });
    expect((await after.post(body, T, T + 30 * 60_000, 'captured')).status).toBe(401);
    expect(after.handled).toEqual([]);
    expect(after.refusals()).toEqual(['memory_too_young']);
  });

  it('stays 401 with dedupe off, with a store that cannot say since when it remembers, or without a dedupe key', async () => {
    const T = START + W;
    const late = T + 10 * 60_000;
    const off = setup({ store: false });
    expect((await off.post(moText('01OFF'), T, late)).status).toBe(401);
    expect(off.handled).toEqual([]);

    const base = new MemoryDedupeStore({ now: () => START });
    const silent: DedupeStore = { claim: (k, l) => base.claim(k, l), complete: (k, t) => base.complete(k, t), release: (k) => base.release(k) };
    const noMarker = setup({ store: silent });
    expect((await noMarker.post(moText('01NOMARK'), T, late)).status).toBe(401);
    const unknownNow = setup({ store: Object.assign(silent, { rememberedSince: async () => undefined }) });
    expect((await unknownNow.post(moText('01UNK'), T, late)).status).toBe(401);
    expect(unknownNow.refusals()).toEqual(['memory_cannot_say']);

    const noKey = setup();
    noKey.r.on('*', () => {});
    expect((await noKey.post('{"type":"new_event"}', T, late)).status).toBe(401);
    expect(noKey.refusals()).toEqual(['no_dedupe_key']);
  });

  it('asks the store since when it remembers at creation, so a shared store starts its memory then', async () => {
    let asked = 0;
    const base = new MemoryDedupeStore();
    const store: DedupeStore = {
      claim: (k, l) => base.claim(k, l),
      complete: (k, t) => base.complete(k, t),
      release: (k) => base.release(k),
      rememberedSince: () => {
        asked++;
        return Promise.reject(new Error('not connected yet'));
      },
    };
    createWebhookReceiver({ secret: SECRET, dedupe: store, logger: recordingLogger() });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toBe(1);
  });

  it('500 (Sinch retries) when the store fails to say since when it remembers, never 401', async () => {
    const base = new MemoryDedupeStore({ now: () => START });
    const failing: DedupeStore = {
      claim: (k, l) => base.claim(k, l),
      complete: (k, t) => base.complete(k, t),
      release: (k) => base.release(k),
      rememberedSince: () => Promise.reject(new Error('redis down')),
    };
    const { post } = setup({ store: failing });
    expect((await post(moText('01DOWN'), START + W, START + W + 10 * 60_000)).status).toBe(500);
  });

  it('skips the replay guard: the dedupe memory vouches, and the nonce memory only spans the window', async () => {
    const seen: string[] = [];
    const guard: ReplayGuard = {
      remember: (nonce) => {
        seen.push(nonce);
        return true;
      },
    };
    const { post } = setup({ replayGuard: guard });
    const T = START + W;
    expect((await post(moText('01G1'), T, T + 10 * 60_000, 'late-nonce')).status).toBe(200);
    expect((await post(moText('01G2'), T + 20 * 60_000, T + 20 * 60_000, 'fresh-nonce')).status).toBe(200);
    expect(seen).toEqual(['fresh-nonce']);
  });

  it('a receiver whose clock is 6 minutes behind handles every callback once (after one window of memory)', async () => {
    const { post, handled } = setup();
    const skew = 6 * 60_000;
    // Within the first window of memory the clocks cannot be trusted yet: refused as before.
    expect((await post(moText('01SKEW0'), START + W - 1000 + skew, START + W - 1000)).status).toBe(401);
    for (let i = 1; i <= 5; i++) {
      const now = START + W + i * 1000;
      expect((await post(moText(`01SKEW${i}`), now + skew, now, `skew-${i}`)).status).toBe(200);
      expect((await post(moText(`01SKEW${i}`), now + skew, now + 5000, `skew-${i}`)).body).toBe('{"status":"duplicate"}');
    }
    expect(handled).toEqual(['01SKEW1', '01SKEW2', '01SKEW3', '01SKEW4', '01SKEW5']);
  });
});

describe('clock skew warnings', () => {
  const skewWarnings = (logger: ReturnType<typeof recordingLogger>) => logger.entries.filter((e) => e.level === 'warn' && /clock/.test(e.message));

  it('warns once, naming the skew, when signatures come from ahead of this clock by more than the window', async () => {
    const { post, logger } = setup({ store: false });
    const now = START + W;
    for (let i = 0; i < 3; i++) await post(moText(`01W${i}`), now + 360_000, now, `w-${i}`);
    const warnings = skewWarnings(logger);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/360 s ahead of this server's clock/);
    expect(warnings[0]!.context).toMatchObject({ skewSeconds: -360, toleranceSeconds: 300 });
  });

  it('does not warn for a few late redeliveries, but warns once when callbacks keep arriving signed longer ago than the window', async () => {
    const { post, logger } = setup({ store: false });
    const now = START + 2 * W;
    for (let i = 0; i < 9; i++) await post(moText(`01A${i}`), now - 400_000, now, `a-${i}`);
    await post(moText('01FRESH'), now, now, 'fresh');
    for (let i = 0; i < 9; i++) await post(moText(`01B${i}`), now - 400_000, now, `b-${i}`);
    expect(skewWarnings(logger)).toHaveLength(0);
    for (let i = 9; i < 15; i++) await post(moText(`01B${i}`), now - 400_000 - i * 1000, now, `b-${i}`);
    const warnings = skewWarnings(logger);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/freshest 400 s/);
    expect(warnings[0]!.context).toMatchObject({ skewSeconds: 400 });
  });
});
