import { parseSinchDate } from '@sinch-inbounds/core';
import type { WireInbound, WireInboundBase, WireMoMediaBody } from '../wire/wire-inbound.js';
import { randomIntBetween, type Random } from './random.js';
import type { DateInput, SimulatedInboundInput } from './types.js';

/** What the generator needs from the simulator to fill in defaults. */
export interface InboundDefaults {
  random: Random;
  /** A fresh message id for a message received at `timeMs`. */
  newId(timeMs: number): string;
  /** Default `received_at` (epoch ms). */
  receivedAtMs: number;
  /** Default `to`. */
  to: string;
  /** Base URL for generated MMS attachment links. */
  mediaBaseUrl: string;
}

/** A generated inbound with its `received_at` as epoch ms (for sorting and filtering). */
export interface GeneratedInbound {
  wire: WireInbound;
  receivedAtMs: number;
}

const TEXTS = [
  'Hi! Is my order on its way?',
  'STOP',
  'Yes, 3pm works for me 👍',
  'Can you call me back?',
  'Thanks — received it.',
  'Hello John! 👋',
  'What are your opening hours tomorrow?',
  'NO',
  'Mi pedido no llegó 😕',
  'Bonjour, je voudrais réserver une table pour deux.',
];

const OPERATORS = ['311071', '310260', '311480', '23410', '24001'];

/**
 * Builds a complete wire inbound from a partial one. Dates given as strings are kept
 * verbatim (so a client can be fed any format Sinch uses) but must be valid. Other
 * fields are taken as given, unchecked, so a test can store a malformed message on
 * purpose to see how a client copes.
 *
 * @throws {TypeError} when a given date or field is invalid.
 */
export function generateInbound(input: SimulatedInboundInput, defaults: InboundDefaults): GeneratedInbound {
  const { random } = defaults;
  const received = readDate(input.received_at, 'received_at') ?? {
    text: new Date(defaults.receivedAtMs).toISOString(),
    ms: defaults.receivedAtMs,
  };
  const id = input.id ?? defaults.newId(received.ms);
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('simulated inbound: id must be a non-empty string');
  const from = input.from ?? `1201555${String(randomIntBetween(random, 0, 9999)).padStart(4, '0')}`;
  const to = input.to ?? defaults.to;
  // Key order as in Sinch's documentation: id, type, from, to, body, then these.
  const rest: Omit<WireInboundBase, 'id' | 'from' | 'to'> = { received_at: received.text };
  const sent = readDate(input.sent_at, 'sent_at');
  if (sent !== undefined) rest.sent_at = sent.text;
  const operatorId = input.operator_id ?? OPERATORS[randomIntBetween(random, 0, OPERATORS.length - 1)];
  if (operatorId !== undefined) rest.operator_id = operatorId;
  if (input.client_reference !== undefined) rest.client_reference = input.client_reference;

  let wire: WireInbound;
  switch (input.type) {
    case 'mo_binary':
      wire = {
        id,
        type: 'mo_binary',
        from,
        to,
        body: input.body ?? 'SGVsbG8gZnJvbSB0aGUgc2ltdWxhdG9y',
        udh: input.udh ?? '050003CC0201',
        ...rest,
      };
      break;
    case 'mo_media':
      wire = {
        id,
        type: 'mo_media',
        from,
        to,
        body: input.body === undefined ? defaultMediaBody(defaults.mediaBaseUrl, id) : structuredClone(input.body),
        ...rest,
      };
      break;
    case undefined:
    case 'mo_text':
      wire = { id, type: 'mo_text', from, to, body: input.body ?? TEXTS[randomIntBetween(random, 0, TEXTS.length - 1)]!, ...rest };
      break;
    default:
      throw new TypeError(`simulated inbound: unknown type ${JSON.stringify((input as { type: unknown }).type)}`);
  }
  return { wire, receivedAtMs: received.ms };
}

function defaultMediaBody(mediaBaseUrl: string, id: string): WireMoMediaBody {
  return {
    subject: 'Photo',
    message: 'Here is the picture',
    media: [
      {
        url: `${mediaBaseUrl}/media/${encodeURIComponent(id)}/1.jpg`,
        content_type: 'image/jpeg',
        status: 'Uploaded',
        code: 0,
      },
    ],
  };
}

function readDate(value: DateInput | undefined, field: string): { text: string; ms: number } | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new TypeError(`simulated inbound: ${field} is an Invalid Date`);
    return { text: value.toISOString(), ms };
  }
  if (typeof value !== 'string') throw new TypeError(`simulated inbound: ${field} must be a string or a Date`);
  try {
    return { text: value, ms: parseSinchDate(value).getTime() };
  } catch {
    throw new TypeError(`simulated inbound: ${field} is not a valid ISO-8601 date: ${JSON.stringify(value)}`);
  }
}
