// What the Express and NestJS demo inboxes share; each demo adds only its framework's wiring.
export { DemoConfigError, readDemoConfig, type DemoConfig, type SimulatorModeConfig, type SinchModeConfig } from './config/demo-config.js';
export { INBOX_ASSETS_DIR, renderInboxPage, type InboxPageOptions } from './page/inbox-page.js';
export { sendSeedMessages, startDemoSimulator, UNDELIVERED_COUNT } from './simulator/demo-simulator.js';
export { InboxStore, type InboxListener } from './inbox/inbox-store.js';
export { ReplyStore, type Reply, type ReplyListener } from './conversations/reply-store.js';
export { sendReply, type ReplyDesk, type SendReplyResult } from './conversations/send-reply.js';
export { BACKFILL_WINDOW_MS, summariseReconcile } from './inbox/reconcile-summary.js';
export { describeMessage } from './inbox/describe-message.js';
export { MAX_SMS_LENGTH, readTestSms, type TestSms } from './inbox/test-sms.js';
export { isUpstreamFailure } from './inbox/upstream-failure.js';
export { connectDemoRedis, type DemoRedis } from './redis/demo-redis.js';
export { setUpDemo, WEBHOOK_PATH, type DemoSetup } from './session/demo-setup.js';
export { runDemoSession, type DemoLog, type DemoSessionOptions } from './session/demo-session.js';
export { explainListenError } from './session/listen-error.js';
export { DemoShutdown, type Closer, type ShutdownHost } from './session/demo-shutdown.js';
export { startDemoTelemetry, type DemoTelemetry } from './observability/demo-telemetry.js';
export { WebhookOutcomes, type OutcomeCounts } from './observability/webhook-outcomes.js';
