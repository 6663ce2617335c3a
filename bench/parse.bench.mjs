// Parse throughput: parseInbound vs bare JSON.parse (target: ≥ 60%), and verify+parse,
// with the official SDK's equivalents in the same run for reference.
import { SmsCallbackWebhooks } from '@sinch/sms';
import { parseInbound, signWebhook, verifyWebhook } from '@sinch-inbounds/core';
import { fixtures } from '@sinch-inbounds/testing';
import { measureThroughput } from './harness/throughput.mjs';
import { printTable } from './harness/table.mjs';

const secret = fixtures.webhookSecret;
// A realistic mo_text callback: the SPEC §5 webhook sample with its optional fields set.
const body = JSON.stringify({
  ...fixtures.moTextWebhook,
  sent_at: '2024-06-06T07:52:36.000Z',
  client_reference: 'reply-to-campaign-42',
});
const bytes = Buffer.from(body);
const timestamp = Math.floor(Date.now() / 1000);
const headers = signWebhook({ secret, body, timestamp, nonce: '01JHFFHWYY7HSS4FWTMDTQEK8V' });
const official = new SmsCallbackWebhooks(secret);

// Sanity: every variant really does its job before it is timed.
if (parseInbound(body).received_at.getTime() !== Date.parse('2024-06-06T07:52:37.386Z')) throw new Error('parse broke');
if (!verifyWebhook({ secret, headers, body: bytes }).ok) throw new Error('verify broke');
if (!official.validateAuthenticationHeader(headers, body)) throw new Error('official verify broke');

const results = measureThroughput({
  'JSON.parse (bare baseline)': () => JSON.parse(body),
  'parseInbound(string)': () => parseInbound(body),
  'JSON.parse(buffer.toString()) (bare)': () => JSON.parse(bytes.toString('utf8')),
  'parseInbound(Buffer)': () => parseInbound(bytes),
  'official SDK parseEvent(string)': () => official.parseEvent(body),
  'verifyWebhook + parseInbound': () => (verifyWebhook({ secret, headers, body: bytes }).ok ? parseInbound(bytes) : undefined),
  'official SDK validate + parseEvent': () => (official.validateAuthenticationHeader(headers, body) ? official.parseEvent(body) : undefined),
});

const baseline = results['JSON.parse (bare baseline)'];
printTable(
  `Parsing a ${bytes.length}-byte mo_text callback (median of interleaved rounds, Node ${process.version})`,
  ['variant', 'ops/s', 'ns/op', 'vs JSON.parse'],
  Object.entries(results).map(([name, ops]) => [name, ops, 1e9 / ops, `${((ops / baseline) * 100).toFixed(1)}%`]),
);
const ratio = results['parseInbound(string)'] / baseline;
console.log(`parseInbound / JSON.parse = ${(ratio * 100).toFixed(1)}% (target ≥ 60%): ${ratio >= 0.6 ? 'MET' : 'NOT MET'}`);
const bytesRatio = results['parseInbound(Buffer)'] / results['JSON.parse(buffer.toString()) (bare)'];
console.log(`parseInbound(Buffer) / JSON.parse(buffer.toString()) = ${(bytesRatio * 100).toFixed(1)}% (validates UTF-8 too)`);
const vsOfficial = results['verifyWebhook + parseInbound'] / results['official SDK validate + parseEvent'];
console.log(`verify+parse vs official SDK validate+parseEvent = ${vsOfficial.toFixed(2)}x`);
