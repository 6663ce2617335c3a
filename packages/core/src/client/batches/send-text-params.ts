import { DELIVERY_REPORT_KINDS, type DeliveryReportKind } from '../../types/batch.js';
import type { InboundMessage } from '../../types/inbound.js';
import { InvalidParamsError } from '../errors.js';

/** Options of a send that Sinch's Batches endpoint has, besides who and what. */
export interface SendOptions {
  /**
   * Which delivery reports Sinch posts to the callback URL (default `'per_recipient'`:
   * one per status change, `Queued`, `Dispatched`, then `Delivered` or why not).
   */
  deliveryReport?: DeliveryReportKind;
  /** Where this batch's delivery reports go instead of the service plan's callback URL (absolute http(s) URL). */
  callbackUrl?: string;
  /**
   * Your reference (at most 2,048 characters), echoed as `client_reference` in every
   * delivery report of the batch. Sinch does not deduplicate on it, but it is how a
   * resend after an unknown outcome is made safe: see `InboundsClient.sendText`.
   */
  clientReference?: string;
  /** Cancels the call at once. An abort after the request was written does not unsend it. */
  signal?: AbortSignal;
}

/** Options of `client.reply(inbound, body, options?)`. */
export type ReplyOptions = SendOptions;

/** Parameters of `client.sendText(params)`. */
export interface SendTextParams extends SendOptions {
  /** Your Sinch number, short code or alphanumeric sender the text comes from. */
  from: string;
  /** The recipient, or up to 1,000 recipients (one batch, one message each). */
  to: string | readonly string[];
  /** The text, 1 to 2,000 characters; Sinch splits a long one into parts. */
  body: string;
}

/** What a reply needs of the inbound it answers: who sent it, to which of your numbers. */
export type RepliedInbound = Pick<InboundMessage, 'from' | 'to'>;

// Sinch's documented limits of a text batch.
const MAX_RECIPIENTS = 1000;
const MAX_BODY_CHARACTERS = 2000;
const MAX_CLIENT_REFERENCE = 2048;
// Anything but tab that a phone number or sender cannot hold.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * The JSON body of `POST …/batches` for a text, exactly as Sinch documents it: `from`,
 * `to` (always an array), `body`, `delivery_report`, then `callback_url` and
 * `client_reference` when given. Nothing else is sent.
 *
 * @throws {InvalidParamsError} before any request when a parameter is invalid.
 */
export function textBatchBody(params: SendTextParams): string {
  if (params === null || typeof params !== 'object') throw new InvalidParamsError('params', 'must be an object with from, to and body');
  const from = address(params.from, 'from');
  const raw = params.to;
  const list: readonly unknown[] = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  if (typeof raw !== 'string' && !Array.isArray(raw)) throw new InvalidParamsError('to', 'must be a number or an array of numbers');
  if (list.length === 0 || list.length > MAX_RECIPIENTS) throw new InvalidParamsError('to', `must have 1 to ${MAX_RECIPIENTS} recipients, got ${list.length}`);
  const to = list.map((r, i) => address(r, `to[${i}]`));
  const { body } = params;
  if (typeof body !== 'string' || body.length === 0) throw new InvalidParamsError('body', 'must be a non-empty string');
  // Sinch counts characters (code points), not UTF-16 units.
  const characters = [...body].length;
  if (characters > MAX_BODY_CHARACTERS) throw new InvalidParamsError('body', `must be at most ${MAX_BODY_CHARACTERS} characters, got ${characters}`);
  const deliveryReport = params.deliveryReport ?? 'per_recipient';
  if (!DELIVERY_REPORT_KINDS.includes(deliveryReport)) {
    throw new InvalidParamsError('deliveryReport', `must be one of ${DELIVERY_REPORT_KINDS.join(', ')}, got ${JSON.stringify(deliveryReport)}`);
  }
  const wire: Record<string, unknown> = { from, to, body, delivery_report: deliveryReport };
  if (params.callbackUrl !== undefined) wire.callback_url = callbackUrl(params.callbackUrl);
  if (params.clientReference !== undefined) {
    const ref: unknown = params.clientReference;
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > MAX_CLIENT_REFERENCE) {
      throw new InvalidParamsError('clientReference', `must be a string of 1 to ${MAX_CLIENT_REFERENCE} characters`);
    }
    wire.client_reference = ref;
  }
  return JSON.stringify(wire);
}

/**
 * The text parameters of a reply: from the number the inbound was sent to, to the
 * number that sent it.
 *
 * @throws {InvalidParamsError} when `inbound` has no string `from` and `to`.
 */
export function replyParams(inbound: RepliedInbound, body: string, options: ReplyOptions = {}): SendTextParams {
  if (inbound === null || typeof inbound !== 'object') throw new InvalidParamsError('inbound', 'must be the inbound message to answer');
  return { ...options, from: address(inbound.to, 'inbound.to'), to: address(inbound.from, 'inbound.from'), body };
}

function address(value: unknown, param: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidParamsError(param, 'must be a non-empty string');
  if (CONTROL_CHARACTER.test(value)) throw new InvalidParamsError(param, 'must not contain a line break or another control character');
  return value;
}

function callbackUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidParamsError('callbackUrl', 'must be an absolute http(s) URL');
  }
  return value as string;
}
