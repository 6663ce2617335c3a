import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { sendSignedAndReport } from './send-signed';

async function main(): Promise<void> {
  // rawBody: true is required: Sinch signs the exact bytes it sends.
  const app = await NestFactory.create(AppModule, { rawBody: true, logger: ['error', 'warn'] });
  await sendSignedAndReport(app);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
