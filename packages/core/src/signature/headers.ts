/** Names of the headers Sinch signs callbacks with (SPEC §3), lower-cased. */
export const SIGNATURE_HEADERS = Object.freeze({
  signature: 'x-sinch-webhook-signature',
  nonce: 'x-sinch-webhook-signature-nonce',
  timestamp: 'x-sinch-webhook-signature-timestamp',
  algorithm: 'x-sinch-webhook-signature-algorithm',
} as const);

/** The only signature algorithm Sinch uses. */
export const SIGNATURE_ALGORITHM = 'HmacSHA256';

/**
 * Request headers in any of the shapes frameworks hand out: a web `Headers`, or a plain
 * object (Node's `IncomingHttpHeaders`, Express, Fastify…) with any letter case and
 * string or string-array values.
 */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/**
 * The value of header `name` (lower-case), whatever shape `headers` has; the first value
 * when several were sent; `undefined` when absent.
 */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | number | undefined>>;
  // Node lower-cases header names, so the direct look-up nearly always hits.
  let value = Object.hasOwn(record, name) ? record[name] : undefined;
  if (value === undefined) {
    for (const key of Object.keys(record)) {
      if (key.length === name.length && key.toLowerCase() === name) {
        value = record[key];
        break;
      }
    }
  }
  if (Array.isArray(value)) value = value[0];
  return value === undefined ? undefined : String(value);
}
