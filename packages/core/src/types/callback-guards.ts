import type { KnownCallback, SinchCallback, UnknownCallback } from './callback.js';
import type { AnyDeliveryReport } from './delivery-report.js';
import type { InboundMessage } from './inbound.js';

/** True for every callback type this library knows; narrows away {@link UnknownCallback}. */
export function isKnownCallback(cb: SinchCallback): cb is KnownCallback {
  return !('raw' in cb);
}

/** True for an {@link UnknownCallback}. */
export function isUnknownCallback(cb: SinchCallback): cb is UnknownCallback {
  return 'raw' in cb;
}

/** True for `mo_text`, `mo_binary` and `mo_media`. */
export function isInboundMessage(cb: SinchCallback): cb is InboundMessage {
  return isKnownCallback(cb) && (cb.type === 'mo_text' || cb.type === 'mo_binary' || cb.type === 'mo_media');
}

/** True for batch and per-recipient delivery reports, SMS and MMS. */
export function isDeliveryReport(cb: SinchCallback): cb is AnyDeliveryReport {
  return isKnownCallback(cb) && !isInboundMessage(cb);
}
