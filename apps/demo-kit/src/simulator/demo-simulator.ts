import { startSinchSimulator, type DeliveryRecord, type SinchSimulator } from '@sinch-inbounds/testing';

/**
 * Older messages the simulator holds without ever having delivered them — as if the app
 * had been down — so that the backfill button has something to find.
 */
export const UNDELIVERED_COUNT = 3;

/** Starts the in-process simulator with a few undelivered messages from the past hours. */
export async function startDemoSimulator(): Promise<SinchSimulator> {
  const simulator = await startSinchSimulator();
  simulator.seed(UNDELIVERED_COUNT);
  return simulator;
}

/**
 * Sends one message of each type through the simulator, which delivers each to the
 * webhook signed, and waits for each delivery (in order, so the log reads text, binary,
 * MMS). `appUrl` serves the MMS picture. Once `signal` is aborted (the demo is stopping)
 * no further message is sent, and only the deliveries made so far are returned.
 */
export async function sendSeedMessages(simulator: SinchSimulator, appUrl: string, signal?: AbortSignal): Promise<DeliveryRecord[]> {
  const sends = [
    () => simulator.send({ type: 'mo_text', from: '+12015550123', body: 'Hello from the Sinch simulator 👋', client_reference: 'demo-welcome' }),
    // The simulator's default binary body is the bytes of "Hello from the simulator", with a concatenation UDH.
    () => simulator.send({ type: 'mo_binary', from: '+12015550124' }),
    () =>
      simulator.send({
        type: 'mo_media',
        from: '+12015550125',
        body: {
          subject: 'Weekend photos',
          message: 'One picture made it, the other upload failed.',
          media: [
            { url: new URL('picture.svg', appUrl).href, content_type: 'image/svg+xml', status: 'Uploaded', code: 0 },
            { content_type: 'image/jpeg', status: 'Failed', code: 2 },
          ],
        },
      }),
  ];
  const records: DeliveryRecord[] = [];
  for (const send of sends) {
    if (signal?.aborted === true) break;
    const { inbound, delivery } = await send();
    // Always set: the webhook is configured before seeding.
    records.push(await (delivery ?? simulator.waitForDelivery(inbound.id)));
  }
  return records;
}
