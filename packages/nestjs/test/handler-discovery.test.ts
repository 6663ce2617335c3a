import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import { fixtures, startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  OnSinchCallback,
  SinchInboundsModule,
  type AnyDeliveryReport,
  type InboundMessage,
  type MoBinary,
  type MoText,
  type SinchCallback,
  type WebhookContext,
} from '../src/index.js';
import { PLATFORMS, recordingLogger, startNestApp, type RunningApp } from './support/nest-app.js';
import { postCallback, SECRET } from './support/signed-request.js';

/** An ordinary injectable the handlers depend on, to show DI works inside them. */
@Injectable()
class Inbox {
  readonly entries: string[] = [];
  add(entry: string): void {
    this.entries.push(entry);
  }
}

@Module({ providers: [Inbox], exports: [Inbox] })
class InboxModule {}

@Injectable()
class TextHandler {
  constructor(@Inject(Inbox) private readonly inbox: Inbox) {}

  @OnSinchCallback('mo_text')
  async onText(msg: MoText, context: WebhookContext): Promise<void> {
    await Promise.resolve();
    this.inbox.add(`text:${msg.body}:${context.dedupeKey ?? ''}`);
  }
}

@Injectable()
class EverythingElseHandler {
  constructor(@Inject(Inbox) private readonly inbox: Inbox) {}

  @OnSinchCallback('mo_binary')
  @OnSinchCallback('mo_media')
  onNonText(msg: InboundMessage): void {
    this.inbox.add(`non-text:${msg.type}`);
  }

  @OnSinchCallback('delivery_report')
  onReport(report: AnyDeliveryReport): void {
    this.inbox.add(`report:${report.type}`);
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedHandler {
  @OnSinchCallback()
  never(_callback: SinchCallback): void {
    throw new Error('a request-scoped handler must not be registered');
  }
}

// Compile-time checks: the decorator refuses a method whose payload does not match its event.
class TypeChecks {
  // @ts-expect-error a mo_text handler cannot take a MoBinary
  @OnSinchCallback('mo_text')
  wrongPayload(_msg: MoBinary): void {}

  @OnSinchCallback('mo_text')
  widerPayloadIsFine(_msg: InboundMessage): void {}
}
void TypeChecks;

describe.each(PLATFORMS)('@OnSinchCallback discovery on %s', (platform) => {
  let running: RunningApp | undefined;
  let sim: SinchSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    await running?.close();
    sim = undefined;
    running = undefined;
  });

  it('finds handlers across two providers, with their dependencies injected', async () => {
    const logger = recordingLogger();
    running = await startNestApp(platform, {
      imports: [InboxModule, SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger })],
      providers: [TextHandler, EverythingElseHandler, RequestScopedHandler],
    });
    sim = await startSinchSimulator({ webhook: { url: `${running.url}/sinch/callbacks`, secret: SECRET }, timeScale: 0.001 });
    const text = await sim.send({ type: 'mo_text', body: 'hi there' });
    const binary = await sim.send({ type: 'mo_binary' });
    const media = await sim.send({ type: 'mo_media' });
    for (const sent of [text, binary, media]) {
      expect((await sim.waitForDelivery(sent.inbound.id)).outcome).toBe('delivered');
    }
    const report = await postCallback(`${running.url}/sinch/callbacks`, JSON.stringify(fixtures.deliveryReportSms), { secret: SECRET });
    expect(report.status).toBe(200);
    const inbox = running.app.get(Inbox);
    expect(inbox.entries).toEqual([
      `text:hi there:mo:${text.inbound.id}`,
      'non-text:mo_binary',
      'non-text:mo_media',
      'report:delivery_report_sms',
    ]);
    expect(logger.entries.some((e) => e.level === 'warn' && e.message.includes('RequestScopedHandler'))).toBe(true);
  });

  it('answers 500 when a handler throws, and the simulator redelivery then succeeds', async () => {
    let calls = 0;
    @Injectable()
    class FlakyHandler {
      constructor(@Inject(Inbox) private readonly inbox: Inbox) {}

      @OnSinchCallback('inbound')
      onInbound(msg: InboundMessage): void {
        calls += 1;
        if (calls === 1) throw new Error('database briefly unavailable');
        this.inbox.add(msg.id);
      }
    }
    const logger = recordingLogger();
    running = await startNestApp(platform, {
      imports: [InboxModule, SinchInboundsModule.forRoot({ webhook: { secret: SECRET }, logger })],
      providers: [FlakyHandler],
    });
    sim = await startSinchSimulator({ webhook: { url: `${running.url}/sinch/callbacks`, secret: SECRET }, timeScale: 0.001 });
    const sent = await sim.send({ body: 'retry me' });
    const delivery = await sim.waitForDelivery(sent.inbound.id);
    expect(delivery.outcome).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(running.app.get(Inbox).entries).toEqual([sent.inbound.id]);
    expect(calls).toBe(2);
    // The failure is reported through the module's logger (no 'error' handler is registered).
    expect(logger.entries.some((e) => e.level === 'error' && e.message.includes('handler(s) failed for a mo_text'))).toBe(true);
  });
});
