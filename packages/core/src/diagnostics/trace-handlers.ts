import type { SinchCallback } from '../types/callback.js';
import { callbackIdOf } from './callback-id.js';
import { handlerChannel, traced } from './channels.js';
import type { HandlerDiagnostic } from './handler-diagnostic.js';
import type { WebhookDiagnostic } from './webhook-diagnostic.js';

/**
 * Runs the handlers of one callback (`run` resolves to the errors they threw) inside a
 * `sinch-inbounds:handler` trace, and notes their time on `webhook` when given. The
 * first error goes to the `error` channel; all of them are returned as `run` gave them.
 */
export async function traceHandlers(
  callback: SinchCallback,
  source: HandlerDiagnostic['source'],
  run: () => Promise<readonly unknown[]>,
  webhook: WebhookDiagnostic | undefined,
): Promise<readonly unknown[]> {
  const started = performance.now();
  let errors: readonly unknown[];
  if (!handlerChannel.hasSubscribers) {
    errors = await run();
  } else {
    const message: HandlerDiagnostic = { callbackType: callback.type, source, callbackId: callbackIdOf(callback) };
    errors = await traced(handlerChannel, message, async (fail) => {
      const thrown = await run();
      message.failedHandlers = thrown.length;
      message.durationMs = performance.now() - started;
      if (thrown.length > 0) fail(thrown[0]);
      return thrown;
    });
  }
  if (webhook !== undefined) webhook.handlerDurationMs = performance.now() - started;
  return errors;
}
