export { adapterConformance } from './adapter-conformance.js';
export { serveFetch } from './fetch-server.js';
export { serveNode } from './node-server.js';
export type { AdapterConformanceOptions, ConformanceCase, ConformanceServer, ConformanceStartContext, StartAdapter } from './types.js';
