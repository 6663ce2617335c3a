/**
 * The queue name the README's snippets and `startSinchWorker` use by default. Any name
 * works, as long as the web side's `Queue` and the worker use the same one (and the
 * same BullMQ `prefix`).
 */
export const SINCH_QUEUE_NAME = 'sinch-callbacks';
