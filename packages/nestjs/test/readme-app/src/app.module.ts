import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { SinchInboundsModule } from '@sinch-inbounds/nestjs';
import { InboxRepository } from './inbox.repository';
import { SmsHandler } from './sms.handler';

@Module({
  imports: [
    ConfigModule.forRoot(), // reads .env and the environment
    // forRootAsync: the secret is read when the module is built, not when this file is imported
    SinchInboundsModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        webhook: { secret: config.getOrThrow<string>('SINCH_WEBHOOK_SECRET') },
      }),
    }),
  ],
  providers: [InboxRepository, SmsHandler],
})
export class AppModule {}
