import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { DemoTelemetry } from '@sinch-inbounds/demo-kit';
import { DEMO_TELEMETRY } from './demo-tokens.js';

/** `GET /metrics`: the sinch.* metrics in Prometheus' text format, through OpenTelemetry's exporter. */
@Controller()
export class MetricsController {
  constructor(@Inject(DEMO_TELEMETRY) private readonly telemetry: DemoTelemetry) {}

  /** The exporter writes the answer itself. */
  @Get('metrics')
  metrics(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    this.telemetry.serveMetrics(req, res);
  }
}
