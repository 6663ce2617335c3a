import { createInterface } from 'node:readline';
import { startSinchSimulator } from '../simulator/start.js';
import type { SimulatedInboundInput, SimulatorOptions, SinchSimulator } from '../simulator/types.js';
import type { CliIo } from './cli-io.js';
import type { CliOptions } from './cli-options.js';
import { describeDelivery, describeRetry } from './describe-delivery.js';
import { describeSent } from './describe-sent.js';

/**
 * Runs the simulator until `io.signal` aborts: prints how to point a client at it and
 * sends every line typed on stdin as an SMS. Resolves with the exit code.
 */
export async function serve(options: CliOptions, io: CliIo): Promise<number> {
  const simOptions: SimulatorOptions = { host: options.host, port: options.port, timeScale: options.timeScale };
  for (const key of ['servicePlanId', 'apiToken', 'projectId', 'keyId', 'keySecret', 'tokenLifetimeSeconds', 'webhook', 'seed'] as const) {
    if (options[key] !== undefined) Object.assign(simOptions, { [key]: options[key] });
  }
  if (options.maxAttempts !== undefined) simOptions.maxDeliveryAttempts = options.maxAttempts;
  simOptions.onDeliveryAttempt = (record, attempt) => {
    const line = describeRetry(record, attempt, options.timeScale);
    if (line !== undefined) io.stderr.write(`${line}\n`);
  };
  simOptions.onSent = (batch) => io.stdout.write(`${describeSent(batch)}\n`);
  let sim: SinchSimulator;
  try {
    sim = await startSinchSimulator(simOptions);
  } catch (error) {
    io.stderr.write(`sinch-simulator: ${(error as Error).message}\n`);
    return 1;
  }
  if (options.seedCount > 0) sim.seed(options.seedCount);
  io.stdout.write(banner(sim, options));

  const pending = new Set<Promise<void>>();
  let lastSent: string | undefined;
  const track = (task: Promise<void>): void => {
    const tracked = task
      .catch((error: unknown) => {
        io.stderr.write(`could not send: ${(error as Error).message}\n`);
      })
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  const sendAgain = (): void => {
    if (options.webhook === undefined) return void io.stderr.write('/again needs --webhook <url>: there is nowhere to send a duplicate\n');
    if (lastSent === undefined) return void io.stderr.write('/again: nothing sent yet\n');
    const id = lastSent;
    io.stdout.write(`sending ${id} again (a duplicate) to ${options.webhook.url}…\n`);
    track(sim.redeliver(id).then((record) => void (record.outcome === 'delivered' ? io.stdout : io.stderr).write(`${describeDelivery(record)}\n`)));
  };
  const sendLine = (line: string): void => {
    if (line.trim() === '/again') return sendAgain();
    const input = inputFor(line.trim(), options);
    if (input === undefined) return;
    track(
      sim.send(input).then(async ({ inbound, delivery }) => {
        lastSent = inbound.id;
        if (delivery === undefined) {
          io.stdout.write(`stored ${inbound.type} ${inbound.id} (no --webhook: read it with GET ${sim.url}/xms/v1/${sim.servicePlanId}/inbounds/${inbound.id})\n`);
          return;
        }
        io.stdout.write(`sending ${inbound.type} ${inbound.id} to ${options.webhook!.url}…\n`);
        const record = await delivery;
        (record.outcome === 'delivered' ? io.stdout : io.stderr).write(`${describeDelivery(record)}\n`);
      }),
    );
  };
  const lines = io.stdin === undefined ? undefined : createInterface({ input: io.stdin, terminal: false });
  lines?.on('line', sendLine);

  await new Promise<void>((resolve) => {
    if (io.signal === undefined) return; // runs until the process is killed
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  lines?.close();
  await sim.close();
  await Promise.all(pending);
  io.stdout.write('sinch-simulator stopped\n');
  return 0;
}

function inputFor(line: string, options: CliOptions): SimulatedInboundInput | undefined {
  if (line === '') return undefined;
  const common = {
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };
  if (line === '/binary') return { type: 'mo_binary', ...common };
  if (line === '/mms' || line.startsWith('/mms ')) {
    const text = line.slice(4).trim();
    return { type: 'mo_media', ...common, ...(text === '' ? {} : { body: { message: text, media: [] } }) };
  }
  return { type: 'mo_text', body: line, ...common };
}

function banner(sim: SinchSimulator, options: CliOptions): string {
  const webhook = options.webhook;
  return [
    `Sinch simulator listening on ${sim.url}`,
    '',
    'Bearer-token mode — point a client at it with:',
    `  baseUrl:        ${sim.url}`,
    `  servicePlanId:  ${sim.servicePlanId}`,
    `  apiToken:       ${sim.apiToken}`,
    `  e.g. new InboundsClient({ baseUrl: '${sim.url}', servicePlanId: '${sim.servicePlanId}', apiToken: '${sim.apiToken}' })`,
    '',
    'OAuth2 mode:',
    `  baseUrl:        ${sim.url}`,
    `  authUrl:        ${sim.authUrl}`,
    `  projectId:      ${sim.projectId}`,
    `  keyId:          ${sim.keyId}`,
    `  keySecret:      ${sim.keySecret}`,
    '',
    `  curl -H 'Authorization: Bearer ${sim.apiToken}' ${sim.url}/xms/v1/${sim.servicePlanId}/inbounds`,
    '',
    webhook === undefined
      ? 'No --webhook: typed messages are only stored (add --webhook <url> --secret <s> to deliver them).'
      : `Callbacks go to ${webhook.url}, ${webhook.secret === undefined ? 'UNSIGNED' : 'signed with the --secret you gave'}.`,
    options.seedCount > 0 ? `Seeded ${options.seedCount} inbound messages.` : '',
    `Texts your app sends (POST ${sim.url}/xms/v1/${sim.servicePlanId}/batches) are printed here; their delivery reports go to the webhook.`,
    'Type a line and press Enter to send it as an SMS ("/mms text" for an MMS, "/binary" for binary, "/again" to send the last one again as a duplicate). Ctrl+C stops.',
    '',
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
}
