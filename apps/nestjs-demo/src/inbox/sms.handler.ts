import { Injectable, Logger } from '@nestjs/common';
import { describeMessage, InboxStore } from '@sinch-inbounds/demo-kit';
import { OnSinchCallback, type InboundMessage, type WebhookContext } from '@sinch-inbounds/nestjs';

/**
 * Puts every verified inbound SMS into the inbox, and logs it: those the webhook
 * receives, and those the Backfill button's reconcile finds webhooks missed.
 */
@Injectable()
export class SmsHandler {
  private readonly logger = new Logger('Inbox');

  constructor(private readonly inbox: InboxStore) {}

  /** Any `mo_text`, `mo_binary` or `mo_media`; a redelivered one is stored once. */
  @OnSinchCallback('inbound')
  onInbound(message: InboundMessage, context: WebhookContext): void {
    if (this.inbox.add(message)) this.logger.log(`${context.source === 'reconcile' ? 'reconciled' : 'received'} ${describeMessage(message)}`);
  }
}
