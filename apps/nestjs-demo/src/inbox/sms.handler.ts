import { Injectable, Logger } from '@nestjs/common';
import { describeMessage, InboxStore } from '@sinch-inbounds/demo-kit';
import { OnSinchCallback, type InboundMessage } from '@sinch-inbounds/nestjs';

/** Puts every verified inbound SMS the webhook receives into the inbox, and logs it. */
@Injectable()
export class SmsHandler {
  private readonly logger = new Logger('Inbox');

  constructor(private readonly inbox: InboxStore) {}

  /** Any `mo_text`, `mo_binary` or `mo_media`; a redelivered one is stored once. */
  @OnSinchCallback('inbound')
  onInbound(message: InboundMessage): void {
    if (this.inbox.add(message)) this.logger.log(`received ${describeMessage(message)}`);
  }
}
