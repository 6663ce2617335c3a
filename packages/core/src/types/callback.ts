import type { AnyDeliveryReport } from './delivery-report.js';
import type { InboundMessage } from './inbound.js';

/**
 * A callback whose `type` this library does not know (a future Sinch event, say).
 * Kept, not rejected: failing it would make Sinch drop or retry it (SPEC §4).
 */
export interface UnknownCallback {
  /** The `type` exactly as Sinch sent it. */
  type: string;
  /** The payload exactly as received (parsed JSON). */
  raw: Readonly<Record<string, unknown>>;
}

/** A callback of a type this library knows and validates. */
export type KnownCallback = InboundMessage | AnyDeliveryReport;

/**
 * Anything Sinch may POST to a callback URL. TypeScript cannot narrow a union by `type`
 * while one member's `type` is any string, so first split off unknown callbacks with
 * {@link isKnownCallback} (or `'raw' in cb`), then `switch (cb.type)`.
 */
export type SinchCallback = KnownCallback | UnknownCallback;

/** The `type` values this library recognises. */
export type KnownCallbackType = KnownCallback['type'];
