// Compile-time check (tsc --noEmit): known callbacks narrow by `type`.
import {
  isKnownCallback,
  isReadableInbound,
  type InboundMessage,
  type InboundsPageItem,
  type MoText,
  type SinchCallback,
  type UnknownCallback,
  type UnknownInbound,
  type UnreadableInbound,
} from '../src/index.js';

export function narrow(cb: SinchCallback): string {
  if (!isKnownCallback(cb)) {
    const unknownCb: UnknownCallback = cb;
    return unknownCb.type;
  }
  switch (cb.type) {
    case 'mo_text': {
      const m: MoText = cb;
      return m.body;
    }
    case 'mo_binary':
      return cb.udh;
    default:
      return cb.type;
  }
}

// Items of the inbounds API narrow by `type` alone; a message is reachable only once the
// unknown and unreadable cases are handled.
export function narrowItem(item: InboundsPageItem): string {
  switch (item.type) {
    case 'unknown_inbound': {
      const unknownItem: UnknownInbound = item;
      return String(unknownItem.raw.type);
    }
    case 'unreadable_inbound': {
      const unreadable: UnreadableInbound = item;
      return unreadable.error.path;
    }
    default: {
      const message: InboundMessage = item;
      // @ts-expect-error -- `received_at` is not there before the unknown cases are handled.
      void ((): Date => (item as InboundsPageItem).received_at);
      return message.id;
    }
  }
}

export function guardItem(item: InboundsPageItem): Date | undefined {
  return isReadableInbound(item) ? item.received_at : undefined;
}
