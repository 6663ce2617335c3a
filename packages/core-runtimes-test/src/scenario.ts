// The scenario every runtime runs against core's web build. It only observes and
// reports; the Node test (test/runtimes.test.ts) prepares the input and judges the
// report, so a runtime cannot pass by saying so.
import { computeSignature, createWebhookReceiver, InboundsClient, silentLogger, verifyWebhook } from '@sinch-inbounds/core';

/** A request as the Node test prepared it: signed (or forged) by Node's core. */
export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
}

/** What the Node test hands a runtime. */
export interface ScenarioInput {
  secret: string;
  signed: PreparedRequest;
  forged: PreparedRequest;
  /** The same message signed afresh, as Sinch redelivers it. */
  redelivered: PreparedRequest;
  vector: { secret: string; body: string; nonce: string; timestamp: number; signature: string };
  simulator: { url: string; servicePlanId: string; apiToken: string };
}

/** One answer of the receiver. */
export interface Answer {
  status: number;
  body: string;
}

/** What the runtime saw. */
export interface ScenarioReport {
  runtime: string;
  signed: Answer;
  forged: Answer;
  redelivered: Answer;
  /** `id:body` of every message the handler was given. */
  handled: string[];
  vector: { verified: boolean; tamperedVerified: boolean; computed: string };
  list: { count: number; ids: (string | undefined)[]; firstBody: string | undefined };
  /** Which build of core the runtime loaded: the web one's `verifyWebhook` returns a Promise. */
  build: 'web' | 'node';
  /** Whether Node's own `Buffer` global exists here (it does on Bun and Deno, not on workerd). */
  hasBuffer: boolean;
}

/** Runs the scenario; never throws for a check that fails, only reports. */
export async function runScenario(input: ScenarioInput, runtime: string): Promise<ScenarioReport> {
  const handled: string[] = [];
  const receiver = createWebhookReceiver({ secret: input.secret, logger: silentLogger });
  receiver.on('mo_text', (sms) => {
    handled.push(`${sms.id}:${sms.body}`);
  });
  const post = async (request: PreparedRequest): Promise<Answer> => {
    const response = await receiver.fetch(
      new Request('http://runtime.test/sinch/callbacks', { method: 'POST', headers: request.headers, body: request.body }),
    );
    return { status: response.status, body: await response.text() };
  };
  const signed = await post(input.signed);
  const forged = await post(input.forged);
  const redelivered = await post(input.redelivered);

  const v = input.vector;
  const vectorHeaders = {
    'x-sinch-webhook-signature': v.signature,
    'x-sinch-webhook-signature-nonce': v.nonce,
    'x-sinch-webhook-signature-timestamp': String(v.timestamp),
    'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
  };
  // `await` works with both builds: the web verifyWebhook returns a Promise, Node's a value.
  const verifying = verifyWebhook({ secret: v.secret, headers: vectorHeaders, body: v.body, toleranceSeconds: 0 });
  const build = verifying instanceof Promise ? 'web' : 'node';
  const verified = await verifying;
  const tampered = await verifyWebhook({ secret: v.secret, headers: vectorHeaders, body: `${v.body} `, toleranceSeconds: 0 });
  const computed = await computeSignature(v.secret, new TextEncoder().encode(v.body), v.nonce, String(v.timestamp));

  const client = new InboundsClient({
    baseUrl: input.simulator.url,
    servicePlanId: input.simulator.servicePlanId,
    apiToken: input.simulator.apiToken,
    maxRetries: 0,
    logger: silentLogger,
  });
  const page = await client.list({ pageSize: 10 });
  const first = page.inbounds[0];

  return {
    runtime,
    build,
    signed,
    forged,
    redelivered,
    handled,
    vector: { verified: verified.ok, tamperedVerified: tampered.ok, computed },
    list: { count: page.count, ids: page.inbounds.map((m) => m.id ?? `(${m.type} without id)`), firstBody: first?.type === 'mo_text' ? first.body : undefined },
    hasBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer === 'function',
  };
}
