// Parse throughput: parseInbound vs bare JSON.parse (target: ≥ 60%), and verify+parse,
// with the official SDK's equivalents in the same run for reference. Ratios are the
// median of per-round ratios (variants interleaved within each round); a variant that
// returns nothing (a failed check) stops the bench.
import { SmsCallbackWebhooks } from '@sinch/sms';
import { parseInbound, signWebhook, verifyWebhook } from '@sinch-inbounds/core';
import { fixtures } from '@sinch-inbounds/testing';
import { judge, loadLine } from './harness/targets.mjs';
import { measureRounds, median, roundRatios } from './harness/throughput.mjs';
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

const rounds = measureRounds({
  'JSON.parse (bare baseline)': () => JSON.parse(body),
  'parseInbound(string)': () => parseInbound(body),
  'JSON.parse(buffer.toString()) (bare)': () => JSON.parse(bytes.toString('utf8')),
  'parseInbound(Buffer)': () => parseInbound(bytes),
  'official SDK parseEvent(string)': () => official.parseEvent(body),
  'verifyWebhook + parseInbound': () => (verifyWebhook({ secret, headers, body: bytes }).ok ? parseInbound(bytes) : undefined),
  'official SDK validate + parseEvent': () => (official.validateAuthenticationHeader(headers, body) ? official.parseEvent(body) : undefined),
});

const results = Object.fromEntries(Object.entries(rounds).map(([name, samples]) => [name, median(samples)]));
const ratioOf = (name, base) => median(roundRatios(rounds[name], rounds[base]));
const BASE = 'JSON.parse (bare baseline)';
printTable(
  `Parsing a ${bytes.length}-byte mo_text callback (${rounds[BASE].length} interleaved rounds, medians, Node ${process.version})`,
  ['variant', 'ops/s', 'ns/op', 'vs JSON.parse (median of round ratios)'],
  Object.entries(results).map(([name, ops]) => [name, ops, 1e9 / ops, `${(ratioOf(name, BASE) * 100).toFixed(1)}%`]),
);
judge({ label: 'parseInbound(string) / JSON.parse, throughput', perRound: roundRatios(rounds['parseInbound(string)'], rounds[BASE]), atLeast: 0.6, note: loadLine() });
console.log(
  `parseInbound(Buffer) / JSON.parse(buffer.toString()) = ${(ratioOf('parseInbound(Buffer)', 'JSON.parse(buffer.toString()) (bare)') * 100).toFixed(1)}% (validates UTF-8 too)`,
);
console.log(`verify+parse vs official SDK validate+parseEvent = ${ratioOf('verifyWebhook + parseInbound', 'official SDK validate + parseEvent').toFixed(2)}x`);
