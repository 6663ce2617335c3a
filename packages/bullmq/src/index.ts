/**
 * @sinch-inbounds/bullmq — acknowledge Sinch callbacks as soon as they are durably
 * queued, and process them from a BullMQ queue, with retries, a dead-letter queue and
 * the receiver's exactly-once dedupe.
 */
export { bullmqQueue, type BullmqQueueOptions } from './bullmq-queue.js';
export {
  runSinchWorker,
  startSinchWorker,
  type RunSinchWorkerOptions,
  type SinchWorker,
  type SinchWorkerOptions,
} from './sinch-worker.js';
export { runSinchJob } from './run-sinch-job.js';
export { DEFAULT_JOB_OPTIONS } from './job-defaults.js';
export { jobIdOf, dedupeKeyOfJobId } from './job-id.js';
export { SINCH_QUEUE_NAME } from './queue-name.js';
export { checkEvictionPolicy, type EvictionPolicyCheck, type RedisInfoClient } from './eviction-policy.js';
