/** How the kill tests configure a worker process. */
export interface WorkerChildConfig {
  redisUrl: string;
  queueName: string;
  secret: string;
  /** The receiver's `dedupeLeaseMs` (and `handlerTimeoutMs`, which must not exceed it). */
  leaseMs: number;
  /** BullMQ's `lockDuration`: how long a job stays locked to a worker that stopped renewing. */
  lockDurationMs: number;
  /** What this worker does once its handler started: hang there, hang right after recording success, or go on. */
  die: 'mid_handler' | 'after_success' | 'never';
  /** How long each handler takes, in ms (with `die: 'never'`). */
  handlerMs?: number;
  /** Jobs run at once. */
  concurrency?: number;
}

/** How the scale-out test configures a web process. */
export interface WebChildConfig {
  redisUrl: string;
  queueName: string;
  secret: string;
}

/** What a worker process tells its parent. */
export type WorkerChildMessage =
  | { type: 'ready'; port?: number }
  | { type: 'started'; id: string }
  | { type: 'recorded'; key: string }
  | { type: 'handled'; id: string };
