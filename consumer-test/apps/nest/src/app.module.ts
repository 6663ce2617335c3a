// A Nest app as the nestjs README shows it: the module, and a handler on any provider.
import { Injectable, Module } from '@nestjs/common';
import { OnSinchCallback, SinchInboundsModule, type MoText } from '@sinch-inbounds/nestjs';

export const SECRET = 'consumer-secret';

@Injectable()
export class SmsHandler {
  readonly handled: string[] = [];

  @OnSinchCallback('mo_text')
  onText(sms: MoText): void {
    this.handled.push(`${sms.from}: ${sms.body}`);
  }
}

@Module({
  imports: [SinchInboundsModule.forRoot({ webhook: { secret: SECRET } })],
  providers: [SmsHandler],
})
export class AppModule {}

