// The Next.js recipe (docs/recipes/nextjs.md): its files are the ones the recipe shows,
// and its route handlers meet the adapter contract, served the way Next serves an App
// Router route: a method the module exports gets its handler and the web Request with
// the body still a stream; any other method a bare 405. (Next itself is not started: see
// the recipe's last section.)
import { readFileSync } from 'node:fs';
import { adapterConformance, serveFetch, type StartAdapter } from '@sinch-inbounds/testing';
import { describe, expect, it } from 'vitest';
import { sinchRouteHandlers } from '../nextjs/lib/sinch-route-handlers.js';
import { codeBlocks } from './recipe-blocks.js';

type RouteModule = Partial<Record<string, (request: Request) => Promise<Response>>>;

/** Next's App Router method dispatch for one route module. */
function asNextRoute(module: RouteModule): (request: Request) => Promise<Response> {
  return (request) => module[request.method]?.(request) ?? Promise.resolve(new Response(null, { status: 405 }));
}

describe('the Next.js recipe', () => {
  it('shows the route handlers and the route file exactly as tested', () => {
    const blocks = codeBlocks('nextjs.md');
    expect(blocks.get('lib/sinch-route-handlers.ts')).toBe(readFileSync(new URL('../nextjs/lib/sinch-route-handlers.ts', import.meta.url), 'utf8'));
    expect(blocks.get('app/sinch/callbacks/route.ts')).toBe(readFileSync(new URL('../nextjs/app/sinch/callbacks/route.ts', import.meta.url), 'utf8'));
  });

  describe('its route handlers meet the adapter contract', () => {
    const start: StartAdapter = async (receiver) => serveFetch(asNextRoute(sinchRouteHandlers(receiver)));
    for (const c of adapterConformance({ start })) it(c.name, c.run);
  });
});
