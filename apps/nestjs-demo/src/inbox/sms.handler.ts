import { Injectable, Logger } from '@nestjs/common';
import { describeMessage, InboxStore, ReplyStore, SlowHandler } from '@sinch-inbounds/demo-kit';
import { OnSinchCallback, type AnyDeliveryReport, type InboundMessage, type WebhookContext } from '@sinch-inbounds/nestjs';

/**
 * Puts every verified inbound SMS into the inbox, and logs it: those the webhook
 * receives, and those the Backfill button's reconcile finds webhooks missed; and
 * follows the delivery of the inbox's replies.
 */
@Injectable()
export class SmsHandler {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly inbox: InboxStore,
    private readonly replies: ReplyStore,
    private readonly slow: SlowHandler,
  ) {}

  /** Any `mo_text`, `mo_binary` or `mo_media`; a redelivered one is stored once. */
  @OnSinchCallback('inbound')
  async onInbound(message: InboundMessage, context: WebhookContext): Promise<void> {
    // The page's "slow handler" switch: a CRM call or a model would take this long.
    await this.slow.work();
    if (this.inbox.add(message)) this.logger.log(`${context.source === 'reconcile' ? 'reconciled' : 'received'} ${describeMessage(message)}`);
  }

  /** A delivery report of a reply the inbox sent: it finds its reply by batch id. */
  @OnSinchCallback('delivery_report')
  onDeliveryReport(report: AnyDeliveryReport): void {
    const reply = this.replies.applyReport(report);
    if (reply !== undefined) this.logger.log(`reply ${reply.batch_id} to ${reply.to}: ${reply.status}`);
  }
}
