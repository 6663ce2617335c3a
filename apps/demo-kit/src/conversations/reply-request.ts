import { MAX_SMS_LENGTH } from '../inbox/test-sms.js';

/** What the page's reply box posts: the inbound to answer and the text. */
export interface ReplyRequest {
  inboundId: string;
  body: string;
}

/** The reply in a request body, or the reason it is not one (for a 400 answer). */
export function readReplyRequest(body: unknown): ReplyRequest | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'send a JSON object { inboundId, body }';
  const { inboundId, body: text } = body as Record<string, unknown>;
  if (typeof inboundId !== 'string' || inboundId === '') return 'inboundId must be the id of a message in the inbox';
  if (typeof text !== 'string' || text.trim() === '') return 'body must be a non-empty string';
  if (text.length > MAX_SMS_LENGTH) return `body must be at most ${MAX_SMS_LENGTH} characters`;
  return { inboundId, body: text };
}
