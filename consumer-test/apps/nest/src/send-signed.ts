import type { INestApplication } from '@nestjs/common';
import { InboundParseError, parseCallback } from '@sinch-inbounds/nestjs';
import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';
import { SECRET, SmsHandler } from './app.module';

/** Posts one signed mo_text to the app's webhook and prints what happened as one JSON line. */
export async function sendSignedAndReport(app: INestApplication): Promise<void> {
  await app.listen(0, '127.0.0.1');
  const body = JSON.stringify(fixtures.moText);
  const response = await fetch(`${await app.getUrl()}/sinch/callbacks`, {
    method: 'POST',
    headers: signedCallbackHeaders(body, { secret: SECRET }),
    body,
  });
  let sameErrorClass = false;
  try {
    parseCallback('{');
  } catch (error) {
    sameErrorClass = error instanceof InboundParseError;
  }
  const handled = app.get(SmsHandler).handled;
  await app.close();
  console.log(JSON.stringify({ status: response.status, handled, sameErrorClass }));
}
