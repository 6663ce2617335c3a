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
  Post,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import { SinchApiError, SinchAuthError, SinchInboundsService, SinchNetworkError, SinchTimeoutError, type InboundMessage } from '@sinch-inbounds/nestjs';
import type { SinchSimulator } from '@sinch-inbounds/testing';
import { map, type Observable } from 'rxjs';
import { DEMO_MODE, DEMO_SIMULATOR } from './demo-tokens.js';
import { describeMessage } from './describe-message.js';
import { InboxStore } from './inbox.store.js';

/** How far back a backfill looks. */
const BACKFILL_WINDOW_MS = 24 * 60 * 60 * 1000;
// A demo page has no use for more; it also bounds the work one click can cause.
const BACKFILL_LIMIT = 1000;
const MAX_SMS_LENGTH = 1600;

/** The inbox page's JSON API (the page itself is served from `public/`). */
@Controller('api')
export class InboxController {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly inbox: InboxStore,
    private readonly sinch: SinchInboundsService,
    @Inject(DEMO_MODE) private readonly mode: 'simulator' | 'sinch',
    @Inject(DEMO_SIMULATOR) private readonly simulator: SinchSimulator | null,
  ) {}

  /** What the inbox holds, newest first, and the mode (the page shows the send form on the simulator). */
  @Get('messages')
  messages(): { mode: string; messages: InboundMessage[] } {
    return { mode: this.mode, messages: this.inbox.list() };
  }

  /** Server-Sent Events: each new message as an `inbound` event. */
  @Sse('events')
  events(): Observable<MessageEvent> {
    return this.inbox.added$.pipe(map((message) => ({ type: 'inbound', data: message })));
  }

  /** Pulls the last 24 h through the client's `iterate` (paged, no id twice) and merges it by id. */
  @Post('backfill')
  @HttpCode(200)
  async backfill(): Promise<{ added: number; messages: InboundMessage[] }> {
    const messages: InboundMessage[] = [];
    try {
      for await (const message of this.sinch.iterate({ startDate: new Date(Date.now() - BACKFILL_WINDOW_MS) })) {
        messages.push(message);
        if (messages.length >= BACKFILL_LIMIT) break;
      }
    } catch (error) {
      // Sinch (or the network to it) failed, not this app: 502, with the client's explanation.
      const upstream = [SinchApiError, SinchAuthError, SinchNetworkError, SinchTimeoutError].some((type) => error instanceof type);
      if (upstream) throw new BadGatewayException({ error: (error as Error).message });
      throw error;
    }
    let added = 0;
    for (const message of messages) {
      // The store's added$ pushes it to every open page.
      if (!this.inbox.add(message)) continue;
      added++;
      this.logger.log(`backfilled ${describeMessage(message)}`);
    }
    return { added, messages };
  }

  /** Simulator mode only: the simulator stores the SMS and delivers it, signed, to the webhook. */
  @Post('send')
  @HttpCode(202)
  async send(@Body() body: unknown): Promise<{ id: string }> {
    if (this.simulator === null) throw new NotFoundException({ error: 'test SMS can only be sent in simulator mode' });
    const fields = (body ?? {}) as Record<string, unknown>;
    for (const name of ['from', 'to', 'body']) {
      const value = fields[name];
      if (typeof value !== 'string' || value.trim() === '') throw new BadRequestException({ error: `${name} must be a non-empty string` });
    }
    const text = fields.body as string;
    if (text.length > MAX_SMS_LENGTH) throw new BadRequestException({ error: `body must be at most ${MAX_SMS_LENGTH} characters` });
    const sent = await this.simulator.send({ type: 'mo_text', from: (fields.from as string).trim(), to: (fields.to as string).trim(), body: text });
    return { id: sent.inbound.id };
  }
}
