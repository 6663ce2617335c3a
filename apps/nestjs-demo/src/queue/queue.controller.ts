import { BadRequestException, Body, Controller, Get, HttpCode, Inject, NotFoundException, Optional, Post, type OnModuleDestroy } from '@nestjs/common';
import { QueuePanel, type QueueState } from '@sinch-inbounds/demo-kit';

const NOT_QUEUED = 'the inbox runs queued only with REDIS_URL set';

/** The page's queue panel: the queue's counts and the slow-handler switch; 404 when the inbox runs inline (no REDIS_URL). */
@Controller('api/queue')
export class QueueController implements OnModuleDestroy {
  constructor(@Optional() @Inject(QueuePanel) private readonly panel?: QueuePanel) {}

  /** The jobs by state, read now, and the switch. */
  @Get()
  async state(): Promise<QueueState> {
    if (this.panel === undefined) throw new NotFoundException({ error: NOT_QUEUED });
    return this.panel.read();
  }

  /** `{ "enabled": true | false }`: the inbox's handler takes 2 s, or no time. */
  @Post('slow-handler')
  @HttpCode(200)
  slowHandler(@Body() body: unknown): QueueState {
    if (this.panel === undefined) throw new NotFoundException({ error: NOT_QUEUED });
    const state = this.panel.setSlowHandler(body);
    if (typeof state === 'string') throw new BadRequestException({ error: state });
    return state;
  }

  /** Stops reading the counts before BullMQ's connections close. */
  onModuleDestroy(): void {
    this.panel?.close();
  }
}
