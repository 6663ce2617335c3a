import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';
import { silentLogger } from '../../src/index.js';

export const SECRET = 'KayakingTheSwell';
export const NOW = 1_736_760_161_000;

/** A valid mo_text payload (SPEC §5). */
export function moText(id = fixtures.moTextWebhook.id, body = fixtures.moTextWebhook.body): string {
  return JSON.stringify({ ...fixtures.moTextWebhook, id, body });
}

/**
 * A callback of a type this library does not know, without an `id`: it has no dedupe
 * key, so a replay of it can only be refused by the replay guard (401 "replayed").
 */
export const KEYLESS_CALLBACK = JSON.stringify({ type: 'mo_hologram', shape: 'cube' });

/** The SDK test-vector recipient delivery report (SPEC §3). */
export const RECIPIENT_DR =
  '{"at":"2025-01-13T09:22:40.914Z","batch_id":"01JHFFHQ0P99JPPNQPJDV7JTBP","client_reference":"a client reference","code":0,"operator_status_at":"2025-01-13T09:22:00Z","recipient":"33662162466","status":"Delivered","type":"recipient_delivery_report_sms"}';

/** Headers of a correctly signed JSON POST, at the fixed test clock unless told. */
export function signed(body: string | Uint8Array, options: { secret?: string; nonce?: string; timestamp?: number } = {}): Record<string, string> {
  return signedCallbackHeaders(body, { ...options, secret: options.secret ?? SECRET, timestamp: options.timestamp ?? Math.floor(NOW / 1000) });
}

export { createRecordingLogger as recordingLogger } from '@sinch-inbounds/testing';
export { silentLogger };
