import { createServer } from 'node:net';
import { signedCallback } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorCli, type SimulatorCli } from './simulator-cli.js';
import { runDemo, startDemo, type DemoApp, type RunningDemo } from './start-demo.js';

// Older messages the simulator holds and never delivered: only a backfill (reconcile) finds them.
const SEEDED = 3;
const SECRET = 'sinch-mode-suite-secret';
const FROM = '+12015550777';

interface Listed {
  mode: string;
  messages: { id: string; type: string }[];
}

/**
 * The path a real user takes, end to end: the demo in Sinch mode (all `SINCH_*`
 * variables set) with `SINCH_BASE_URL` pointing at the `sinch-simulator` CLI, run as its
 * own process. SMS typed into the simulator arrive signed through the demo's public
 * webhook (`/sinch/callbacks`); Backfill reconciles through the simulator's REST API;
 * `DEMO_ONESHOT=1` reconciles and exits. Call it at the top level of a test file.
 */
export function describeSinchModeSuite(app: DemoApp): void {
  describe(`the ${app.framework} demo in Sinch mode, against sinch-simulator in its own process`, () => {
    let sim: SimulatorCli;
    let demo: RunningDemo;
    let sinchEnv: Record<string, string>;

    beforeAll(async () => {
      // The simulator must know the app's webhook before the app knows the simulator's URL.
      const port = await freePort();
      sim = await startSimulatorCli([
        ...['--webhook', `http://127.0.0.1:${port}/sinch/callbacks`, '--secret', SECRET],
        ...['--seed-count', String(SEEDED), '--from', FROM],
      ]);
      sinchEnv = {
        SINCH_SERVICE_PLAN_ID: sim.servicePlanId,
        SINCH_API_TOKEN: sim.apiToken,
        SINCH_REGION: 'us',
        SINCH_WEBHOOK_SECRET: SECRET,
        SINCH_BASE_URL: sim.baseUrl,
      };
      demo = await startDemo(app, { ...sinchEnv, PORT: String(port) });
    });

    afterAll(async () => {
      expect(await demo?.stop()).toBe(0);
      expect(await sim?.stop()).toBe(0);
    });

    const get = async (path: string): Promise<Listed> => (await fetch(new URL(path, demo.url))).json() as Promise<Listed>;
    const post = (path: string, body = '{}', headers: Record<string, string> = {}) =>
      fetch(new URL(path, demo.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    it('runs in Sinch mode on the overridden API: no send form, nothing shown before Sinch delivers', async () => {
      expect(demo.output()).toContain(`Sinch mode (region us, REST API at ${sim.baseUrl})`);
      expect(demo.output()).not.toContain('simulator mode');
      await expect(get('api/messages')).resolves.toEqual({ mode: 'sinch', messages: [], replies: [] });
      expect((await post('api/send', JSON.stringify({ from: '+1', to: '2', body: 'x' }))).status).toBe(404);
    });

    it('with DEMO_ONESHOT=1 reconciles the last 23 h through the REST API, prints them and exits 0', async () => {
      const { code, output } = await runDemo(app, { ...sinchEnv, DEMO_ONESHOT: '1', PORT: '0' });
      expect(output).toContain(`oneshot (sinch mode): Backfill: ${SEEDED} new, 0 already handled (${SEEDED} in the last 23 h`);
      expect(output.match(/reconciled mo_/g)).toHaveLength(SEEDED);
      expect(code).toBe(0);
    });

    it('receives what the simulator sends, signed, through its public webhook path', async () => {
      for (const line of ['Hello through the public webhook', '/mms Weekend', '/binary']) {
        await expect(sim.type(line)).resolves.toMatch(/^delivered \S+ to http:\/\/127\.0\.0\.1:\d+\/sinch\/callbacks: HTTP 200/);
      }
      const { messages } = await get('api/messages');
      expect(messages.map((m) => m.type).sort()).toEqual(['mo_binary', 'mo_media', 'mo_text']);
      expect(demo.output()).toContain(`received mo_text from ${FROM} to 12017777777: "Hello through the public webhook"`);
    });

    it('replies through the REST API and follows the reply to Delivered by its delivery reports', async () => {
      const text = (await get('api/messages')).messages.find((m) => m.type === 'mo_text')!;
      const res = await post('api/reply', JSON.stringify({ inboundId: text.id, body: 'Got it, thanks' }));
      expect(res.status).toBe(201);
      const { batch_id: batchId } = (await res.json()) as { batch_id: string };
      // What the app sent is on the simulator's console; its reports come back through the public webhook.
      await until(() => sim.output().includes(`app sent batch ${batchId} from 12017777777 to ${FROM}: "Got it, thanks"`));
      await until(() => demo.output().includes(`reply ${batchId} to ${FROM}: Delivered`));
      const { replies } = (await (await fetch(new URL('api/messages', demo.url))).json()) as { replies: { batch_id: string; status: string }[] };
      expect(replies).toEqual([expect.objectContaining({ batch_id: batchId, status: 'Delivered' })]);
      expect((await post('api/reply', JSON.stringify({ inboundId: 'no-such-message', body: 'x' }))).status).toBe(404);
    });

    it("shows a redelivered SMS once (the simulator's /again sends the same message id again)", async () => {
      await expect(sim.type('Sent twice')).resolves.toMatch(/^delivered /);
      const before = (await get('api/messages')).messages.length;
      await expect(sim.type('/again')).resolves.toMatch(/^delivered \S+ to http:\/\/127\.0\.0\.1:\d+\/sinch\/callbacks: HTTP 200/);
      expect((await get('api/messages')).messages).toHaveLength(before);
      expect(demo.output().match(/"Sent twice"/g)).toHaveLength(1);
    });

    it('refuses a callback signed with any other secret', async () => {
      const forged = signedCallback({ id: 'wrong-secret-1', type: 'mo_text', from: '1', to: '2', body: 'hi', received_at: new Date().toISOString() }, { secret: 'not-the-secret' });
      expect((await post('sinch/callbacks', forged.body, forged.headers)).status).toBe(401);
      expect((await get('api/messages')).messages.map((m) => m.id)).not.toContain('wrong-secret-1');
    });

    it('backfills (reconciles) the messages it missed from the REST API, and only once', async () => {
      const delivered = (await get('api/messages')).messages;
      const first = await (await post('api/backfill')).json();
      expect(first).toMatchObject({ seen: SEEDED + delivered.length, handled: SEEDED, duplicates: delivered.length, failed: 0 });
      const after = (await get('api/messages')).messages.map((m) => m.id);
      expect(new Set(after).size).toBe(SEEDED + delivered.length);
      expect(after).toEqual(expect.arrayContaining(delivered.map((m) => m.id)));
      expect(demo.output().match(/reconciled mo_/g)).toHaveLength(SEEDED);
      await expect((await post('api/backfill')).json()).resolves.toMatchObject({ handled: 0, duplicates: SEEDED + delivered.length });
    });
  });
}

/** A port nothing listens on right now (the demo takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `check()` holds, polling on a short timer (the test's own timeout bounds it). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}
