/** How the kill tests configure a worker process. */
export interface WorkerChildConfig {
  redisUrl: string;
  queueName: string;
  secret: string;
  /** The receiver's `dedupeLeaseMs` (and `handlerTimeoutMs`, which must not exceed it). */
  leaseMs: number;
  /** BullMQ's `lockDuration`: how long a job stays locked to a worker that stopped renewing. */
  lockDurationMs: number;
  /** What this worker does once its handler started: hang there, or hang right after recording success. */
  die: 'mid_handler' | 'after_success';
}

/** What a worker process tells its parent. */
export type WorkerChildMessage = { type: 'ready' } | { type: 'started'; id: string } | { type: 'recorded'; key: string };
