import { fixtures, signedCallbackHeaders, startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { expect } from 'vitest';
import type { ScenarioInput, ScenarioReport } from '../src/scenario.ts';

/** The mo_text callback every runtime receives, with a body that is not ASCII. */
export const callback = fixtures.moTextWebhook;
const secret = fixtures.webhookSecret;

/** Signs `body` with Node's core, as Sinch would, with a fresh nonce. */
export function signed(body: string, key = secret): { body: string; headers: Record<string, string> } {
  return { body, headers: signedCallbackHeaders(body, { secret: key }) };
}

/** A simulator on 127.0.0.1 with a few stored inbounds, and the input of the scenario. */
export async function prepareScenario(): Promise<{ sim: SinchSimulator; input: ScenarioInput }> {
  const sim = await startSinchSimulator({ seed: 16 });
  sim.seed(3);
  await sim.send({ body: 'Hej från simulatorn 👋' });
  const body = JSON.stringify(callback);
  const genuine = signed(body);
  const input: ScenarioInput = {
    secret,
    signed: genuine,
    // The signed headers over a body changed after signing.
    forged: { body: body.replace(callback.body, 'Send money to …'), headers: genuine.headers },
    redelivered: signed(body),
    vector: { ...fixtures.signatureVector },
    simulator: { url: sim.url, servicePlanId: sim.servicePlanId, apiToken: sim.apiToken },
  };
  return { sim, input };
}

/** Judges a runtime's report against what Node knows to be right. */
export function expectScenarioPassed(report: ScenarioReport, sim: SinchSimulator): void {
  expect(report.build).toBe('web');
  expect(report.signed).toEqual({ status: 200, body: '{"status":"accepted"}' });
  expect(report.forged).toEqual({ status: 401, body: '{"error":"unauthorized"}' });
  expect(report.redelivered).toEqual({ status: 200, body: '{"status":"duplicate"}' });
  expect(report.handled).toEqual([`${callback.id}:${callback.body}`]);
  expect(report.vector).toEqual({ verified: true, tamperedVerified: false, computed: fixtures.signatureVector.signature });
  // The simulator's store, newest first, is what the list must give back.
  const stored = [...sim.inbounds()].sort((a, b) => Date.parse(b.received_at) - Date.parse(a.received_at));
  expect(report.list.count).toBe(stored.length);
  expect(report.list.ids).toEqual(stored.map((m) => m.id));
  expect(report.list.firstBody).toBe('Hej från simulatorn 👋');
}
