// The Koa recipe (docs/recipes/koa.md): its adapter is the file the recipe shows, and it
// meets the adapter contract — alone, and mounted before a JSON body parser for the app's
// other routes, as the recipe says.
import { readFileSync } from 'node:fs';
import { bodyParser } from '@koa/bodyparser';
import { adapterConformance, serveNode, type StartAdapter } from '@sinch-inbounds/testing';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { sinchKoa } from '../src/sinch-koa.js';
import { codeBlocks } from './recipe-blocks.js';

describe('the Koa recipe', () => {
  it('shows the adapter and the app exactly as tested', () => {
    const blocks = codeBlocks('koa.md');
    expect(blocks.get('src/sinch-koa.ts')).toBe(readFileSync(new URL('../src/sinch-koa.ts', import.meta.url), 'utf8'));
    expect(blocks.get('src/app.ts')).toBe(readFileSync(new URL('../src/koa-app.ts', import.meta.url), 'utf8'));
  });

  describe.each([
    ['alone', false],
    ['mounted before @koa/bodyparser', true],
  ])('%s, meets the adapter contract', (_name, parsed) => {
    const start: StartAdapter = async (receiver) => {
      const app = new Koa();
      app.use(sinchKoa(receiver));
      if (parsed) app.use(bodyParser());
      return serveNode(app.callback());
    };
    for (const c of adapterConformance({ start })) it(c.name, c.run);
  });
});
