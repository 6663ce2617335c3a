import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import { QueuePanel, renderInboxPage } from '@sinch-inbounds/demo-kit';

/** The inbox page at `/`, naming NestJS; its scripts, styles and picture are static assets (see main.ts). */
@Controller()
export class PageController {
  private readonly html: string;

  // The queue panel exists only when the inbox runs queued (REDIS_URL): the page then shows it.
  constructor(@Optional() @Inject(QueuePanel) panel?: QueuePanel) {
    this.html = renderInboxPage({ framework: 'NestJS', queued: panel !== undefined });
  }

  /** The page's HTML. */
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return this.html;
  }
}
