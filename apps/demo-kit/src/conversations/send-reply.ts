import type { InboundsClient } from '@sinch-inbounds/core';
import type { InboxStore } from '../inbox/inbox-store.js';
import { readReplyRequest } from './reply-request.js';
import type { Reply, ReplyStore } from './reply-store.js';

/** What answering from the page needs. */
export interface ReplyDesk {
  client: Pick<InboundsClient, 'reply'>;
  inbox: InboxStore;
  replies: ReplyStore;
}

/** A reply sent, or why not: 400 for a bad request, 404 for an inbound the inbox does not hold. */
export type SendReplyResult = { ok: true; reply: Reply } | { ok: false; status: 400 | 404; error: string };

/**
 * Answers an inbound from the page: `client.reply()` from the number it was sent to, to
 * its sender, with the inbound's id as `clientReference` (every report of the reply
 * names it). Sinch's own failures are thrown (the demos answer them 502).
 */
export async function sendReply(desk: ReplyDesk, body: unknown): Promise<SendReplyResult> {
  const request = readReplyRequest(body);
  if (typeof request === 'string') return { ok: false, status: 400, error: request };
  const inbound = desk.inbox.get(request.inboundId);
  if (inbound === undefined) return { ok: false, status: 404, error: `no message ${JSON.stringify(request.inboundId)} in the inbox` };
  const batch = await desk.client.reply(inbound, request.body, { clientReference: inbound.id });
  return { ok: true, reply: desk.replies.add(batch, inbound, request.body) };
}
