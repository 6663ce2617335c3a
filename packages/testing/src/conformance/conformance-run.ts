import { createWebhookReceiver, type SinchCallback, type WebhookReceiver, type WebhookReceiverError, type WebhookReceiverOptions } from '@sinch-inbounds/core';
import { createRecordingLogger } from '../logging/recording-logger.js';
import { createKitHttp, type KitHttp } from './http-exchange.js';
import type { AdapterConformanceOptions, StartAdapter } from './types.js';

/** The secret every kit receiver verifies with, and the kit signs with. */
export const KIT_SECRET = 'conformance-kit-secret';

/** Small, so the 413 cases need only a few kilobytes to cross it. */
export const KIT_MAX_BODY_BYTES = 4096;

/** What the receiver's handlers saw during one case. */
export interface Journal {
  /** Every callback handed to the handlers, with the exact bytes the receiver read. */
  readonly handled: { callback: SinchCallback; rawBody: Uint8Array }[];
  /** Every `'error'` event. */
  readonly errors: WebhookReceiverError[];
  /** How many times the callback with this `id` reached the handlers. */
  timesHandled(id: string): number;
}

/** The running adapter one case talks to. */
export interface CaseTarget {
  /** The kit's client, bound to the adapter's webhook URL. */
  http: KitHttp;
  receiver: WebhookReceiver;
  journal: Journal;
}

/** Receiver options a case changes from the kit's defaults, and which start function to use. */
export interface CaseSetup {
  receiverOptions?: WebhookReceiverOptions & { dangerouslyAllowUnauthenticated?: boolean };
  start?: StartAdapter;
}

/**
 * Builds a receiver with the kit's defaults (and the case's changes), starts the adapter
 * on it, records what the handlers see, runs `use`, and always stops the adapter. The
 * whole case runs under the kit's deadline, so an adapter that hangs fails instead of
 * stalling the test run.
 */
export async function withAdapter(settings: AdapterConformanceOptions, setup: CaseSetup, use: (target: CaseTarget) => Promise<void>): Promise<void> {
  const receiverOptions = { secret: KIT_SECRET, logger: createRecordingLogger(), maxBodyBytes: KIT_MAX_BODY_BYTES, ...setup.receiverOptions };
  const given = createWebhookReceiver(receiverOptions);
  const server = await (setup.start ?? settings.start)(given, { receiverOptions });
  const http = createKitHttp(server.url);
  try {
    const receiver = server.receiver ?? given;
    await underDeadline(settings.timeoutMs ?? 3000, use({ http, receiver, journal: record(receiver) }));
  } finally {
    http.dispose();
    await server.close();
  }
}

function record(receiver: WebhookReceiver): Journal {
  const handled: Journal['handled'] = [];
  const errors: WebhookReceiverError[] = [];
  receiver.on('*', (callback, context) => void handled.push({ callback, rawBody: context.rawBody }));
  receiver.on('error', (error) => void errors.push(error));
  return {
    handled,
    errors,
    timesHandled: (id) => handled.filter((h) => (h.callback as { id?: unknown }).id === id).length,
  };
}

async function underDeadline(ms: number, work: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: the adapter hangs (or waits for a body that never ends)`)), ms);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
