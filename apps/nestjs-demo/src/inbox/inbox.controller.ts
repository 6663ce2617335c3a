import {
  BadGatewayException,
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Optional,
  Post,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import {
  BACKFILL_WINDOW_MS,
  InboxStore,
  isUpstreamFailure,
  QueuePanel,
  readTestSms,
  ReplyStore,
  sendReply,
  summariseReconcile,
  type DemoTelemetry,
  type OutcomeCounts,
  type Reply,
  type SendReplyResult,
} from '@sinch-inbounds/demo-kit';
import { SinchInboundsService, type InboundMessage, type ReconcileReport } from '@sinch-inbounds/nestjs';
import type { SinchSimulator } from '@sinch-inbounds/testing';
import { Observable } from 'rxjs';
import { DEMO_MODE, DEMO_SIMULATOR, DEMO_TELEMETRY } from './demo-tokens.js';

/** The inbox page's JSON API (the page itself is {@link PageController}'s). */
@Controller('api')
export class InboxController {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly inbox: InboxStore,
    private readonly replies: ReplyStore,
    private readonly sinch: SinchInboundsService,
    @Inject(DEMO_MODE) private readonly mode: 'simulator' | 'sinch',
    @Inject(DEMO_SIMULATOR) private readonly simulator: SinchSimulator | null,
    @Inject(DEMO_TELEMETRY) private readonly telemetry: DemoTelemetry,
    @Optional() @Inject(QueuePanel) private readonly queue?: QueuePanel,
  ) {}

  /** Webhook outcomes so far (the page's panel; later changes come as `outcomes` events). */
  @Get('outcomes')
  outcomes(): OutcomeCounts {
    return this.telemetry.outcomes.snapshot();
  }

  /** What the inbox holds, newest first, and the mode (the page shows the send form on the simulator). */
  @Get('messages')
  messages(): { mode: string; messages: InboundMessage[]; replies: Reply[] } {
    return { mode: this.mode, messages: this.inbox.list(), replies: this.replies.list() };
  }

  /**
   * Server-Sent Events: each message new to the inbox (webhook or backfill) as an
   * `inbound` event, and `outcomes`, `reply` and (queued) `queue` changes.
   */
  @Sse('events')
  events(): Observable<MessageEvent> {
    // Unsubscribes from the store when the page goes away.
    return new Observable((subscriber) => {
      const stopMessages = this.inbox.onAdded((message) => subscriber.next({ type: 'inbound', data: message }));
      const stopOutcomes = this.telemetry.outcomes.onChange((counts) => subscriber.next({ type: 'outcomes', data: counts }));
      const stopReplies = this.replies.onChange((reply) => subscriber.next({ type: 'reply', data: reply }));
      const stopQueue = this.queue?.onChange((state) => subscriber.next({ type: 'queue', data: state }));
      return () => {
        stopQueue?.();
        stopMessages();
        stopOutcomes();
        stopReplies();
      };
    });
  }

  /**
   * `SinchInboundsService.reconcile()` over the last 23 h: what webhooks missed reaches
   * {@link SmsHandler} (and so the inbox and the live stream), each message once; the
   * answer is the run's report.
   */
  @Post('backfill')
  @HttpCode(200)
  async backfill(): Promise<ReconcileReport & { summary: string }> {
    try {
      const report = await this.sinch.reconcile({ since: new Date(Date.now() - BACKFILL_WINDOW_MS) });
      this.logger.log(summariseReconcile(report));
      return { ...report, summary: summariseReconcile(report) };
    } catch (error) {
      // Sinch (or the network to it) failed, not this app: 502, with the client's explanation.
      if (isUpstreamFailure(error)) throw new BadGatewayException({ error: error.message });
      throw error;
    }
  }

  /** Answers an inbox message through the client's `reply()`; its delivery reports reach {@link SmsHandler}. */
  @Post('reply')
  @HttpCode(201)
  async reply(@Body() body: unknown): Promise<Reply> {
    let result: SendReplyResult;
    try {
      result = await sendReply({ client: this.sinch.client, inbox: this.inbox, replies: this.replies }, body);
    } catch (error) {
      if (isUpstreamFailure(error)) throw new BadGatewayException({ error: error.message });
      throw error;
    }
    if (result.ok) return result.reply;
    throw result.status === 404 ? new NotFoundException({ error: result.error }) : new BadRequestException({ error: result.error });
  }

  /** Simulator mode only: the simulator stores the SMS and delivers it, signed, to the webhook. */
  @Post('send')
  @HttpCode(202)
  async send(@Body() body: unknown): Promise<{ id: string }> {
    if (this.simulator === null) throw new NotFoundException({ error: 'test SMS can only be sent in simulator mode' });
    const sms = readTestSms(body);
    if (typeof sms === 'string') throw new BadRequestException({ error: sms });
    const sent = await this.simulator.send({ type: 'mo_text', ...sms });
    return { id: sent.inbound.id };
  }
}
