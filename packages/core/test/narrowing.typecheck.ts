// Compile-time check (tsc --noEmit): known callbacks narrow by `type`.
import { isKnownCallback, type MoText, type SinchCallback, type UnknownCallback } from '../src/index.js';

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
