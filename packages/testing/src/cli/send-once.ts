import { ulid } from '@sinch-inbounds/core';
import { generateInbound } from '../simulator/generate-inbound.js';
import { randomSeed, seededRandom } from '../simulator/random.js';
import { DEFAULT_TO } from '../simulator/simulated-numbers.js';
import { WebhookDeliverer } from '../simulator/webhook-delivery.js';
import type { CliIo } from './cli-io.js';
import type { CliOptions } from './cli-options.js';
import { describeDelivery, describeRetry } from './describe-delivery.js';

/**
 * `--send "text"`: delivers one signed test SMS to the webhook and reports the outcome,
 * without starting a server; with `--duplicate`, then the same SMS again. Exit code 0
 * when every delivery succeeded, 1 otherwise.
 */
export async function sendOnce(options: CliOptions & { send: string; webhook: { url: string; secret?: string } }, io: CliIo): Promise<number> {
  const { wire } = generateInbound(
    { type: 'mo_text', body: options.send, ...(options.from === undefined ? {} : { from: options.from }) },
    {
      random: seededRandom(options.seed ?? randomSeed()),
      newId: (t) => ulid(t),
      receivedAtMs: Date.now(),
      to: options.to ?? DEFAULT_TO,
      mediaBaseUrl: 'http://127.0.0.1',
    },
  );
  const deliverer = new WebhookDeliverer({
    timeScale: options.timeScale,
    maxAttempts: options.maxAttempts ?? 1,
    timeoutMs: 10_000,
    onAttempt: (record, attempt) => {
      const line = describeRetry(record, attempt, options.timeScale);
      if (line !== undefined) io.stderr.write(`${line}\n`);
    },
  });
  const stop = (): void => deliverer.close();
  io.signal?.addEventListener('abort', stop, { once: true });
  try {
    const body = JSON.stringify(wire);
    io.stdout.write(`POST ${options.webhook.url} (${options.webhook.secret === undefined ? 'unsigned' : 'signed'})\n${body}\n`);
    const record = await deliverer.deliver({ url: options.webhook.url, secret: options.webhook.secret, body, inboundId: wire.id }).done;
    (record.outcome === 'delivered' ? io.stdout : io.stderr).write(`${describeDelivery(record)}\n`);
    if (record.outcome !== 'delivered' || !options.duplicate) return record.outcome === 'delivered' ? 0 : 1;
    // The same body, so the same message id, signed afresh: what a receiver sees when
    // Sinch redelivers a callback whose first answer it never got.
    io.stdout.write(`POST ${options.webhook.url} again: a duplicate of ${wire.id}\n`);
    const again = await deliverer.deliver({ url: options.webhook.url, secret: options.webhook.secret, body, inboundId: wire.id }).done;
    (again.outcome === 'delivered' ? io.stdout : io.stderr).write(`${describeDelivery(again)}\n`);
    return again.outcome === 'delivered' ? 0 : 1;
  } finally {
    io.signal?.removeEventListener('abort', stop);
    deliverer.close();
  }
}
