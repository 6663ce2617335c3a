import type { SinchCallback } from '../types/callback.js';
import type { InboundMessage } from '../types/inbound.js';
import { parseCallback } from './callback.js';
import { parseInbound } from './inbound.js';
import { InboundParseError } from './inbound-parse-error.js';
import type { JsonInput } from './json-input.js';

/** The outcome of a `safeParse*` call: the data, or the reason it was refused. */
export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: InboundParseError };

function safely<T>(parse: (input: JsonInput) => T, input: JsonInput): SafeParseResult<T> {
  try {
    return { success: true, data: parse(input) };
  } catch (error) {
    if (error instanceof InboundParseError) return { success: false, error };
    throw error;
  }
}

/** Like {@link parseInbound}, but returns the error instead of throwing it. */
export function safeParseInbound(input: JsonInput): SafeParseResult<InboundMessage> {
  return safely(parseInbound, input);
}

/** Like {@link parseCallback}, but returns the error instead of throwing it. */
export function safeParseCallback(input: JsonInput): SafeParseResult<SinchCallback> {
  return safely(parseCallback, input);
}
