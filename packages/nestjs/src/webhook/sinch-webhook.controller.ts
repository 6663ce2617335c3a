import { ServerResponse, type IncomingMessage } from 'node:http';
import { All, Controller, Inject, Req, Res, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { writeNodeResponse, type WebhookReceiver } from '@sinch-inbounds/core';
import { SINCH_WEBHOOK_RECEIVER } from '../tokens.js';
import type { NestWebhookRequest } from './nest-webhook-request.js';

/**
 * The webhook endpoint: maps a Nest request (Express or Fastify) onto core's receiver
 * and its answer back onto the response. Every decision — status codes, body limits,
 * a missing raw body, authentication, parsing, dedupe, handlers — is the receiver's.
 *
 * Not registered as is: each `SinchInboundsModule.forRoot/forRootAsync` call creates a
 * subclass whose route is set from the resolved options (see `createWebhookController`).
 */
export class SinchWebhookController {
  constructor(
    @Inject(SINCH_WEBHOOK_RECEIVER) private readonly receiver: WebhookReceiver,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * Every method is routed here, so that a GET gets the contract's 405 rather than
   * Nest's 404. The response object is written directly, bypassing Nest's serialisation.
   */
  @All()
  async receive(@Req() req: NestWebhookRequest, @Res() res: unknown): Promise<void> {
    // Fastify wraps Node's request (`raw`) and keeps `rawBody` on its own object;
    // Express's request is Node's, with `rawBody` on it.
    const response = await this.receiver.handleNode(req.raw ?? (req as unknown as IncomingMessage), req.rawBody);
    // `undefined`: the client went away mid-body; there is nobody to answer.
    if (response === undefined) return;
    if (res instanceof ServerResponse) {
      // Express's response is Node's: write it as is. Its `res.send()` would add an ETag
      // (a hash of every body) that a webhook answer has no use for.
      if (!res.headersSent) writeNodeResponse(res, response);
      return;
    }
    const adapter = this.adapterHost.httpAdapter;
    for (const name of Object.keys(response.headers)) adapter.setHeader(res, name, response.headers[name] as string);
    adapter.reply(res, response.body, response.status);
  }
}

// The subclass below reuses the name (Nest logs it), which would shadow the base class in its own `extends`.
const SinchWebhookControllerBase = SinchWebhookController;

/**
 * A fresh controller class for one module registration. Its route is set later with
 * {@link setWebhookControllerPath}, once the options are resolved (they may come from an
 * async factory), and before Nest maps routes. A class per registration keeps two apps
 * in one process (tests, say) from sharing a path.
 */
export function createWebhookController(): Type<SinchWebhookController> {
  const controller = class SinchWebhookController extends SinchWebhookControllerBase {};
  Controller()(controller);
  return controller;
}

/** Sets the route of a class made by {@link createWebhookController}. */
export function setWebhookControllerPath(controller: Type<SinchWebhookController>, path: string): void {
  // Applying the public decorator again replaces the path metadata; Nest reads it when it
  // registers routes at `app.init()`, after every provider (this one's caller included) exists.
  Controller(path)(controller);
}
