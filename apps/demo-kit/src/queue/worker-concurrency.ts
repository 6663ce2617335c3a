/**
 * Jobs the demos' worker runs at once: one, so that with the slow handler on the page
 * shows jobs waiting their turn and draining one by one. A real app keeps BullMQ's
 * default of 10 (`startSinchWorker`'s `concurrency`): handlers mostly wait on I/O.
 */
export const DEMO_WORKER_CONCURRENCY = 1;
