import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { QUEUE_DASHBOARD_PATH } from '@sinch-inbounds/demo-kit';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';

/**
 * Bull Board, the BullMQ dashboard, over the Sinch queue: each job named after its
 * callback type, its raw body, attempts and errors, and a retry button for dead letters.
 * Mount the router at {@link QUEUE_DASHBOARD_PATH}.
 */
export function queueDashboard(queue: Queue): RequestHandler {
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter });
  return serverAdapter.getRouter() as RequestHandler;
}
