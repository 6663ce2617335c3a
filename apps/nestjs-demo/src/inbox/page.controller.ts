import { Controller, Get, Header } from '@nestjs/common';
import { renderInboxPage } from '@sinch-inbounds/demo-kit';

/** The inbox page at `/`, naming NestJS; its scripts, styles and picture are static assets (see main.ts). */
@Controller()
export class PageController {
  private readonly html = renderInboxPage({ framework: 'NestJS' });

  /** The page's HTML. */
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return this.html;
  }
}
