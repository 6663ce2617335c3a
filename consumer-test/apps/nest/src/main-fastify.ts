import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { sendSignedAndReport } from './send-signed';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    rawBody: true,
    logger: ['error', 'warn'],
  });
  await sendSignedAndReport(app);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
