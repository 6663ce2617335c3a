// Core's own two entries — the Node handler and the web fetch() entry — held to the
// adapter contract every framework adapter is held to, over real HTTP.
import { adapterConformance, serveFetch, serveNode } from '@sinch-inbounds/testing';
import { describe, it } from 'vitest';
import { createNodeHandler } from '../../src/index.js';

describe('node:http (createNodeHandler) meets the adapter contract', () => {
  for (const c of adapterConformance({ start: (receiver) => serveNode(createNodeHandler(receiver)) })) it(c.name, c.run);
});

describe('the web fetch() entry on Node meets the adapter contract', () => {
  for (const c of adapterConformance({ start: (receiver) => serveFetch((request) => receiver.fetch(request)) })) it(c.name, c.run);
});
