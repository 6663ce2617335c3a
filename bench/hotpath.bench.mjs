// The webhook hot path in process (issue 14), side by side in one run:
//   1. receiver.handle() vs the hand-written minimum (harness/hand-written.mjs): the same
//      checks, no more and no less (method, content type, size, HMAC with a key made once,
//      window, bounded nonce memory, parse with the parser's validation, bounded dedupe,
//      one async handler), consumed the same way (`handle({ method, headers, body })`
//      resolving to an answer whose status is checked). Target: ≤ 1.15× the minimum's time.
//   2. verifyWebhook + parseInbound vs bare createHmac + timingSafeEqual + JSON.parse,
//      interleaved rounds, the median of the per-round ratios. Target: ≥ 0.9×.
// Each round signs one pool of distinct messages and feeds the same pool to a fresh
// library receiver and a fresh hand-written one (own stores each), alternating which
// goes first; the median of the per-round ratios counts, so a noisy neighbour on the
// shared 2-core machine slows both sides of a round alike.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createWebhookReceiver, parseInbound, signWebhook, silentLogger, verifyWebhook } from '@sinch-inbounds/core';
import { fixtures } from '@sinch-inbounds/testing';
import { createHandWrittenReceiver } from './harness/hand-written.mjs';
import { signedMoText } from './harness/signed-callbacks.mjs';
import { printTable } from './harness/table.mjs';
import { judge, loadLine } from './harness/targets.mjs';
import { measureRounds, median, roundRatios } from './harness/throughput.mjs';

const SECRET = 'KayakingTheSwell';
const ROUNDS = Number(process.env.HOTPATH_ROUNDS ?? 7);
const PER_ROUND = Number(process.env.HOTPATH_PER_ROUND ?? 10_000);

// ---- 1. receiver.handle() vs the hand-written minimum --------------------------------
let handled = 0;
const library = () => {
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger });
  receiver.on('mo_text', async () => {
    handled++;
  });
  // No wrapper of our own around handle(): the hand-written side has none either.
  return (message) => receiver.handle({ method: 'POST', headers: message.headers, body: message.body });
};
const handWritten = () => {
  const receiver = createHandWrittenReceiver(SECRET, async () => {
    handled++;
  });
  return (message) => receiver.handle({ method: 'POST', headers: message.headers, body: message.body });
};
const variants = { 'hand-written minimum': handWritten, 'receiver.handle()': library };

const pool = (size) =>
  Array.from({ length: size }, () => {
    const { body, headers } = signedMoText(SECRET);
    return { body: Buffer.from(body), headers };
  });

/**
 * Wall-clock and CPU µs per callback of `makeVariant` over `messages`, each answered 200
 * or it throws. CPU time (this process's user + system) leaves out the moments a
 * neighbour on the shared cores had the CPU, so its ratio is printed beside wall time's.
 */
async function timeVariant(name, makeVariant, messages) {
  const handle = makeVariant();
  const before = handled;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const message of messages) {
    const answer = await handle(message);
    if (answer.status !== 200) throw new Error(`${name}: answered ${answer.status}: stopping the bench`);
  }
  const micros = Number(process.hrtime.bigint() - start) / 1000 / messages.length;
  const cpu = process.cpuUsage(cpuStart);
  if (handled - before !== messages.length) throw new Error(`${name}: ${handled - before} handled of ${messages.length}`);
  return { micros, cpuMicros: (cpu.user + cpu.system) / messages.length };
}

const names = Object.keys(variants);
// Warm-up: both paths optimised before anything counts.
{
  const warm = pool(PER_ROUND);
  for (const name of names) await timeVariant(name, variants[name], warm);
}
const micros = Object.fromEntries(names.map((n) => [n, []]));
const cpuMicros = Object.fromEntries(names.map((n) => [n, []]));
const ratios = [];
const cpuRatios = [];
for (let r = 0; r < ROUNDS; r++) {
  const messages = pool(PER_ROUND);
  for (const name of r % 2 === 0 ? names : [...names].reverse()) {
    const timed = await timeVariant(name, variants[name], messages);
    micros[name].push(timed.micros);
    cpuMicros[name].push(timed.cpuMicros);
  }
  ratios.push(micros['receiver.handle()'].at(-1) / micros['hand-written minimum'].at(-1));
  cpuRatios.push(cpuMicros['receiver.handle()'].at(-1) / cpuMicros['hand-written minimum'].at(-1));
}
const inProcessRatio = median(ratios);
const inProcessCpuRatio = median(cpuRatios);
printTable(
  `In process: one signed mo_text callback, ${ROUNDS} rounds of ${PER_ROUND.toLocaleString('en-US')} distinct callbacks, medians (Node ${process.version})`,
  ['variant', 'µs/callback', 'callbacks/s', 'time vs hand-written', 'CPU µs/callback', 'CPU vs hand-written'],
  names.map((n) => {
    const us = median(micros[n]);
    const library = n === 'receiver.handle()';
    return [n, us, 1e6 / us, library ? `${inProcessRatio.toFixed(2)}×` : '1.00×', median(cpuMicros[n]), library ? `${inProcessCpuRatio.toFixed(2)}×` : '1.00×'];
  }),
);
console.log(`per-round time ratios: ${ratios.map((x) => x.toFixed(2)).join(' ')}; by CPU time: ${cpuRatios.map((x) => x.toFixed(2)).join(' ')}`);
judge({ label: 'receiver.handle() / hand-written minimum, time', perRound: ratios, atMost: 1.15, note: `by CPU time ${inProcessCpuRatio.toFixed(2)}×; ${loadLine()}` });

// ---- 2. verify + parse vs bare HMAC + JSON.parse ------------------------------------
const body = JSON.stringify({ ...fixtures.moTextWebhook, sent_at: '2024-06-06T07:52:36.000Z', client_reference: 'reply-to-campaign-42' });
const bytes = Buffer.from(body);
const headers = signWebhook({ secret: SECRET, body, nonce: '01JHFFHWYY7HSS4FWTMDTQEK8V' });
const bare = () => {
  const expected = createHmac('sha256', SECRET)
    .update(bytes)
    .update(`.${headers['x-sinch-webhook-signature-nonce']}.${headers['x-sinch-webhook-signature-timestamp']}`)
    .digest();
  const given = Buffer.from(headers['x-sinch-webhook-signature'], 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? JSON.parse(bytes.toString('utf8')) : undefined;
};
const ours = () => (verifyWebhook({ secret: SECRET, headers, body: bytes }).ok ? parseInbound(bytes) : undefined);
if (bare() === undefined || ours() === undefined) throw new Error('verify broke');
const BARE = 'bare createHmac + timingSafeEqual + JSON.parse';
const OURS = 'verifyWebhook + parseInbound';
const rounds = measureRounds({ [BARE]: bare, [OURS]: ours }, { rounds: 15 });
const verifyRatios = roundRatios(rounds[OURS], rounds[BARE]);
const results = { [BARE]: median(rounds[BARE]), [OURS]: median(rounds[OURS]) };
printTable(
  `verify + parse of a ${bytes.length}-byte mo_text (${rounds[BARE].length} interleaved rounds, medians, Node ${process.version})`,
  ['variant', 'ops/s', 'µs/op', 'vs bare (median of round ratios)'],
  [
    [BARE, results[BARE], 1e6 / results[BARE], '1.00×'],
    [OURS, results[OURS], 1e6 / results[OURS], `${median(verifyRatios).toFixed(2)}×`],
  ],
);
judge({ label: 'verifyWebhook + parseInbound / bare, throughput', perRound: verifyRatios, atLeast: 0.9, note: loadLine() });
