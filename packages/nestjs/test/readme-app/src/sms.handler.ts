import { Injectable, Logger } from '@nestjs/common';
import { OnSinchCallback, type MoText } from '@sinch-inbounds/nestjs';
import { InboxRepository } from './inbox.repository';

@Injectable()
export class SmsHandler {
  private readonly logger = new Logger(SmsHandler.name);

  constructor(private readonly inbox: InboxRepository) {} // dependency injection as usual

  @OnSinchCallback('mo_text')
  async onText(sms: MoText): Promise<void> {
    await this.inbox.save({ id: sms.id, from: sms.from, text: sms.body, at: sms.received_at });
    this.logger.log(`saved SMS ${sms.id}`);
  }
}
