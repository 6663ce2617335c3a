// The inbounds REST client and what its users need to name: options, params, errors.
export { InboundsClient, type GetInboundOptions } from './inbounds-client.js';
export type {
  InboundsClientOptions,
  InboundsClientSettings,
  ProjectCredentials,
  ServicePlanCredentials,
} from './client-options.js';
export type { ListInboundsParams } from './list-params.js';
export type { RepliedInbound, ReplyOptions, SendOptions, SendTextParams } from './batches/send-text-params.js';
export type { GetDeliveryReportOptions } from './batches/get-delivery-report.js';
export { SentButUnreadableError } from './batches/sent-but-unreadable-error.js';
export type { RetryOptions } from './retry-policy.js';
export type { FetchLike } from './http-sender.js';
export { DEFAULT_AUTH_URL, OAUTH2_REGIONS, SINCH_REGIONS, type SinchRegion } from './regions.js';
export {
  InvalidParamsError,
  SinchAuthError,
  SinchApiError,
  SinchClientError,
  SinchConfigError,
  SinchNetworkError,
  SinchTimeoutError,
} from './errors.js';
