import { ServerResponse } from 'node:http';
import { All, Controller, Inject, Req, Res, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { isJsonContentType, webhookResponse, type Logger, type WebhookReceiver, type WebhookResponse } from '@sinch-inbounds/core';
import { SINCH_INBOUNDS_MODULE_OPTIONS } from '../module/sinch-inbounds.module-definition.js';
import type { SinchInboundsModuleOptions } from '../module/sinch-inbounds-module-options.js';
import { SINCH_INBOUNDS_LOGGER, SINCH_WEBHOOK_RECEIVER } from '../tokens.js';
import { NEST_RAW_BODY_MISSING_BODY, NEST_RAW_BODY_MISSING_MESSAGE } from './raw-body-missing.js';
import { capturedNestBody, readNestRequestStream, type NestWebhookRequest } from './nest-webhook-request.js';

// Core's default `maxBodyBytes`; the receiver does not expose the value it resolved, and
// the stream must be read under the same limit before the receiver sees the bytes.
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const EMPTY_BODY = new Uint8Array(0);

/**
 * The webhook endpoint: maps a Nest request (Express or Fastify) onto core's receiver
 * and its answer back onto the response. Every route-level decision — status codes,
 * authentication, parsing, dedupe, handlers — is the receiver's.
 *
 * Not registered as is: each `SinchInboundsModule.forRoot/forRootAsync` call creates a
 * subclass whose route is set from the resolved options (see `createWebhookController`).
 */
export class SinchWebhookController {
  private readonly maxBodyBytes: number;
  private rawBodyMissingLogged = false;

  constructor(
    @Inject(SINCH_WEBHOOK_RECEIVER) private readonly receiver: WebhookReceiver,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(SINCH_INBOUNDS_LOGGER) private readonly logger: Logger,
    @Inject(SINCH_INBOUNDS_MODULE_OPTIONS) options: SinchInboundsModuleOptions,
  ) {
    this.maxBodyBytes = options.webhook?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /**
   * Every method is routed here, so that a GET gets the contract's 405 rather than
   * Nest's 404. The response object is written directly, bypassing Nest's serialisation.
   */
  @All()
  async receive(@Req() req: NestWebhookRequest, @Res() res: unknown): Promise<void> {
    const response = await this.respond(req);
    // `undefined`: the client went away mid-body; there is nobody to answer.
    if (response === undefined) return;
    if (res instanceof ServerResponse) {
      // Express's response is Node's: write it as is. Its `res.send()` would add an ETag
      // (a hash of every body) that a webhook answer has no use for.
      if (!res.headersSent) res.writeHead(response.status, response.headers).end(response.body);
      return;
    }
    const adapter = this.adapterHost.httpAdapter;
    for (const name of Object.keys(response.headers)) adapter.setHeader(res, name, response.headers[name] as string);
    adapter.reply(res, response.body, response.status);
  }

  private async respond(req: NestWebhookRequest): Promise<WebhookResponse | undefined> {
    const { method, headers } = req;
    // Core refuses these before looking at the body (405 / 415), so do not wait for one.
    if (method !== 'POST' || !isJsonContentType(headers['content-type'])) {
      return this.receiver.handle({ method, headers, body: EMPTY_BODY });
    }
    const captured = capturedNestBody(req);
    if (captured !== undefined) return this.receiver.handle({ method, headers, body: captured });
    const read = await readNestRequestStream(req, this.maxBodyBytes);
    switch (read.kind) {
      case 'body':
        return this.receiver.handle({ method, headers, body: read.body });
      case 'too_large':
        return webhookResponse('payload_too_large');
      case 'aborted':
        return undefined;
      case 'consumed':
        return this.rawBodyMissing();
    }
  }

  /** 500 (so Sinch redelivers once it is fixed) naming the fix; logged on the first request only. */
  private rawBodyMissing(): WebhookResponse {
    if (!this.rawBodyMissingLogged) {
      this.rawBodyMissingLogged = true;
      this.logger.error(NEST_RAW_BODY_MISSING_MESSAGE);
    }
    return { ...webhookResponse('internal_error'), body: NEST_RAW_BODY_MISSING_BODY };
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
