import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { runSinchJob, runSinchWorker, SINCH_QUEUE_NAME } from '@sinch-inbounds/bullmq';
import { DEMO_WORKER_CONCURRENCY } from '@sinch-inbounds/demo-kit';
import { createNestLogger, SinchInboundsService, type ProcessOutcome, type QueuedCallback } from '@sinch-inbounds/nestjs';
import type { Job } from 'bullmq';

/**
 * The worker, the `@nestjs/bullmq` way: each job the webhook queued runs through the
 * module's receiver — its `@OnSinchCallback` handlers (SmsHandler), dedupe store and
 * retries — exactly as the inline webhook path would run it.
 */
@Processor(SINCH_QUEUE_NAME, { concurrency: DEMO_WORKER_CONCURRENCY, autorun: false })
export class SinchJobProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly sinch: SinchInboundsService) {
    super();
  }

  /** One queued callback through the receiver; a handler's failure fails the job, which BullMQ retries. */
  process(job: Job<QueuedCallback>): Promise<ProcessOutcome['type']> {
    return runSinchJob(this.sinch.receiver, job);
  }

  /** `autorun: false` above: no job is taken before Redis's `maxmemory-policy` is checked and the worker's errors are logged. */
  onApplicationBootstrap(): Promise<void> {
    return runSinchWorker(this.worker, { logger: createNestLogger('SinchJobs') });
  }

  /** On shutdown, before the module lets go of the handlers: stop taking jobs, finish the running one. */
  onModuleDestroy(): Promise<void> {
    return this.worker.close();
  }
}
