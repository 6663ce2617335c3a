import { Injectable, Logger } from '@nestjs/common';
import { isFinalDeliveryStatus, OnSinchCallback, SinchInboundsService, type MoText, type RecipientDeliveryReport } from '@sinch-inbounds/nestjs';

@Injectable()
export class ReplyHandler {
  private readonly logger = new Logger(ReplyHandler.name);

  constructor(private readonly sinch: SinchInboundsService) {}

  @OnSinchCallback('mo_text')
  async onText(sms: MoText): Promise<void> {
    // The SMS's id as clientReference: every report of the reply carries it back.
    const batch = await this.sinch.reply(sms, 'Thanks, we got your message!', { clientReference: sms.id });
    this.logger.log(`replied to ${sms.id} with batch ${batch.id}`);
  }

  @OnSinchCallback('recipient_delivery_report_sms')
  onReport(report: RecipientDeliveryReport): void {
    // client_reference names the SMS answered even when a report comes before reply() resolved.
    const final = isFinalDeliveryStatus(report.status) ? ' (final)' : '';
    this.logger.log(`reply to ${report.client_reference} (batch ${report.batch_id}) to ${report.recipient}: ${report.status}${final}`);
  }
}
