// The Next.js recipe (docs/recipes/nextjs.md) on a real Next.js server. Its files are the
// ones the recipe shows; `next build` builds them once per run, with test-only routes
// added (test/nextjs-app). Then
// - `next start` serves the recipe's own route, as deployed: a callback from the
//   simulator, signed with the secret from the environment, reaches its handler;
// - the adapter conformance kit runs against the recipe's route handlers inside Next's
//   production server, loaded into this process with `next()` (the request handling
//   `next start` runs), because the kit's receivers and the handlers it registers on
//   them live in this process.
import { readFileSync } from 'node:fs';
import type { WebhookReceiver } from '@sinch-inbounds/core';
import { adapterConformance, serveNode, startSinchSimulator, type StartAdapter } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_RECEIVER } from './nextjs-app/lib/case-receiver.js';
import { codeBlocks } from './recipe-blocks.js';
import { nextInProcess, type InProcessNext } from './support/next-in-process.js';
import { nextStart, type NextStart } from './support/next-start.js';
import { groupAlive } from './support/process-group.js';
import { buildRecipeApp } from './support/recipe-next-app.js';

const SECRET = 'recipe-test-secret';

/**
 * Rows of the contract a route exporting only POST cannot meet, because Next answers
 * them before any handler runs: why the recipe exports every method.
 */
const POST_ONLY_GAPS: Record<string, string> = {
  '405 with Allow': 'a method the route does not export gets its own 405, with an empty body and no Allow header',
};

describe('the Next.js recipe', () => {
  it('shows the route handlers and the route file exactly as tested', () => {
    const blocks = codeBlocks('nextjs.md');
    expect(blocks.get('lib/sinch-route-handlers.ts')).toBe(readFileSync(new URL('../nextjs/lib/sinch-route-handlers.ts', import.meta.url), 'utf8'));
    expect(blocks.get('app/sinch/callbacks/route.ts')).toBe(readFileSync(new URL('../nextjs/app/sinch/callbacks/route.ts', import.meta.url), 'utf8'));
  });

  describe('built with next build', () => {
    // Without SINCH_WEBHOOK_SECRET, as a CI build runs: the route must not need it to be imported.
    beforeAll(() => buildRecipeApp(), 240_000);

    describe('served by next start', () => {
      let server: NextStart | undefined;
      let origin = '';
      beforeAll(async () => {
        server = nextStart({ SINCH_WEBHOOK_SECRET: SECRET });
        origin = await server.ready;
      }, 60_000);
      afterAll(async () => {
        const pid = server?.process.child.pid;
        await server?.process.stop();
        if (pid !== undefined) expect(groupAlive(pid), 'a process of next start is left behind').toBe(false);
      });

      it("delivers a signed callback from the simulator to the recipe's handler", async () => {
        const sinch = await startSinchSimulator({ webhook: { url: `${origin}/sinch/callbacks`, secret: SECRET } });
        try {
          const sent = await sinch.send({ from: '46700000001', body: 'Hello from Next' });
          const delivery = await sent.delivery;
          expect(delivery?.outcome).toBe('delivered');
          expect(delivery?.attempts.map((a) => a.status)).toEqual([200]);
          // The handler logged it (console.log → next start's stdout) before the 200 went out.
          expect(server?.process.output()).toContain('46700000001: Hello from Next');
        } finally {
          await sinch.close();
        }
      });

      it('refuses a callback signed with another secret', async () => {
        const sinch = await startSinchSimulator({ webhook: { url: `${origin}/sinch/callbacks`, secret: 'not-the-secret' }, maxDeliveryAttempts: 1 });
        try {
          const delivery = await (await sinch.send({ body: 'forged' })).delivery;
          expect(delivery?.attempts.map((a) => a.status)).toEqual([401]);
          expect(server?.process.output()).not.toContain('forged');
        } finally {
          await sinch.close();
        }
      });

      it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'])("answers %s with the receiver's 405 and Allow: POST, not Next's own answer", async (method) => {
        const answer = await fetch(`${origin}/sinch/callbacks`, { method });
        expect([answer.status, answer.headers.get('allow')]).toEqual([405, 'POST']);
      });
    });

    describe("in Next's production server (next() in this process)", () => {
      let next: InProcessNext | undefined;
      let serving: WebhookReceiver | undefined;
      beforeAll(async () => {
        (globalThis as { [CASE_RECEIVER]?: WebhookReceiver })[CASE_RECEIVER] = currentReceiver(() => serving);
        next = await nextInProcess();
      }, 60_000);
      afterAll(async () => {
        await next?.close();
        delete (globalThis as { [CASE_RECEIVER]?: WebhookReceiver })[CASE_RECEIVER];
      });

      /** Serves Next's handler for the case, with `receiver` behind the route at `path`. */
      const startAt =
        (path: string): StartAdapter =>
        async (receiver) => {
          if (next === undefined) throw new Error('Next did not start');
          serving = receiver;
          const server = await serveNode(next.listener, path);
          return {
            url: server.url,
            close: async () => {
              await server.close();
              serving = undefined;
            },
          };
        };

      describe("the recipe's route handlers meet the adapter contract", () => {
        for (const c of adapterConformance({ start: startAt('/conformance') })) it(c.name, c.run);
      });

      describe('a route exporting POST only meets it but for the methods Next answers itself', () => {
        for (const c of adapterConformance({ start: startAt('/post-only') })) {
          const gap = Object.entries(POST_ONLY_GAPS).find(([prefix]) => c.name.startsWith(prefix))?.[1];
          if (gap === undefined) it(c.name, c.run);
          else it.fails(`${c.name} — Next: ${gap}`, c.run);
        }
      });
    });
  });
});

/**
 * A receiver that is, member by member, the one the running case serves: the route builds
 * its receiver once, the kit a fresh one for every case.
 */
function currentReceiver(current: () => WebhookReceiver | undefined): WebhookReceiver {
  return new Proxy({} as WebhookReceiver, {
    get(_target, key) {
      const receiver = current();
      if (receiver === undefined) throw new Error('a request reached the conformance route outside a case');
      const member: unknown = Reflect.get(receiver, key);
      return typeof member === 'function' ? member.bind(receiver) : member;
    },
  });
}
