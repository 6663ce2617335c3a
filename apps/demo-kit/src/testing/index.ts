// The test helpers and scenarios both demos run against their built apps; each app's
// test files only say which app (a `DemoApp`) to run them on.
export { demoEnv, runDemo, startDemo, type DemoApp, type RunningDemo } from './start-demo.js';
export { launchBrowser, type Browser } from './browser.js';
export { describeOneshotSuite } from './oneshot-suite.js';
export { describeInboxApiSuite } from './inbox-api-suite.js';
export { describeInboxBrowserSuite } from './inbox-browser-suite.js';
export { describeShutdownSuite } from './shutdown-suite.js';
export { describeSinchModeSuite } from './sinch-mode-suite.js';
export { describeRedisSuite } from './redis-suite.js';
export { startSimulatorCli, type SimulatorCli } from './simulator-cli.js';
export { describeQueueSuite } from './queue-suite.js';
export { openEventStream, type EventStream, type StreamEvent } from './event-stream.js';
export { describeQueueBrowserSuite } from './queue-browser-suite.js';
