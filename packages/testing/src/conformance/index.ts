export { adapterConformance } from './adapter-conformance.js';
export type { AdapterConformanceOptions, ConformanceCase, ConformanceServer, ConformanceStartContext, StartAdapter } from './types.js';
