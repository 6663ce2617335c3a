import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { DIAGNOSTICS_CHANNELS, type WebhookDiagnostic } from '@sinch-inbounds/core';

/** What the page's outcome panel shows: how many callbacks ended how, and why. */
export interface OutcomeCounts {
  accepted: number;
  duplicate: number;
  /** Refused (4xx, Sinch drops them) by reason, e.g. `{ bad_signature: 2 }`. */
  refused: Record<string, number>;
  /** Failed (5xx, Sinch redelivers) by reason, e.g. `{ handler_failed: 1 }`. */
  failed: Record<string, number>;
  /**
   * How long the webhook took to answer the latest accepted callback, in milliseconds
   * (`null` before the first): the handlers' time inline, the enqueue's time queued.
   */
  lastAcceptedMs: number | null;
}

const START = `tracing:${DIAGNOSTICS_CHANNELS.webhook}:start`;
const ASYNC_END = `tracing:${DIAGNOSTICS_CHANNELS.webhook}:asyncEnd`;

/**
 * Counts webhook outcomes from core's `sinch-inbounds:webhook` channel — the same
 * messages `@sinch-inbounds/opentelemetry` turns into `sinch.webhook.callbacks` — for the
 * page's live panel. The outcome is settled at the channel's end; its start is noted
 * only to time the answer (the same diagnostic object travels from start to end).
 */
export class WebhookOutcomes {
  readonly #counts: OutcomeCounts = { accepted: 0, duplicate: 0, refused: {}, failed: {}, lastAcceptedMs: null };
  readonly #listeners = new Set<(counts: OutcomeCounts) => void>();
  readonly #started = new WeakMap<object, number>();
  readonly #onStart = (message: unknown): void => {
    this.#started.set(message as object, performance.now());
  };
  readonly #onMessage = (message: unknown): void => {
    const { outcome, reason } = message as WebhookDiagnostic;
    const started = this.#started.get(message as object);
    if (outcome === 'accepted' && started !== undefined) this.#counts.lastAcceptedMs = Math.round((performance.now() - started) * 10) / 10;
    if (outcome === 'accepted' || outcome === 'duplicate') this.#counts[outcome]++;
    else if (outcome === 'refused' || outcome === 'failed') {
      const byReason = this.#counts[outcome];
      const key = reason ?? 'unknown';
      byReason[key] = (byReason[key] ?? 0) + 1;
    } else return;
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) listener(snapshot);
  };

  constructor() {
    subscribe(START, this.#onStart);
    subscribe(ASYNC_END, this.#onMessage);
  }

  /** The counts so far (a copy). */
  snapshot(): OutcomeCounts {
    return { ...this.#counts, refused: { ...this.#counts.refused }, failed: { ...this.#counts.failed } };
  }

  /** Calls `listener` with the new counts after every webhook request; returns the unsubscribe function. */
  onChange(listener: (counts: OutcomeCounts) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops counting. */
  close(): void {
    unsubscribe(START, this.#onStart);
    unsubscribe(ASYNC_END, this.#onMessage);
    this.#listeners.clear();
  }
}
