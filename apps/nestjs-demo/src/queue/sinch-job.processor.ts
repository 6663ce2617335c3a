import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { runSinchJob, SINCH_QUEUE_NAME } from '@sinch-inbounds/bullmq';
import { DEMO_WORKER_CONCURRENCY } from '@sinch-inbounds/demo-kit';
import { SINCH_WEBHOOK_RECEIVER, type ProcessOutcome, type QueuedCallback, type WebhookReceiver } from '@sinch-inbounds/nestjs';
import type { Job } from 'bullmq';

/**
 * The worker, the `@nestjs/bullmq` way: each job the webhook queued runs through the
 * module's receiver — its `@OnSinchCallback` handlers (SmsHandler), dedupe store and
 * retries — exactly as the inline webhook path would run it.
 */
@Processor(SINCH_QUEUE_NAME, { concurrency: DEMO_WORKER_CONCURRENCY })
export class SinchJobProcessor extends WorkerHost {
  constructor(@Inject(SINCH_WEBHOOK_RECEIVER) private readonly receiver: WebhookReceiver) {
    super();
  }

  /** One queued callback through the receiver; a handler's failure fails the job, which BullMQ retries. */
  process(job: Job<QueuedCallback>): Promise<ProcessOutcome['type']> {
    return runSinchJob(this.receiver, job);
  }
}
