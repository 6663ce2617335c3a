import { signedCallbackHeaders } from './signed-callback-headers.js';

/** Options of {@link signedCallback}. */
export interface SignedCallbackOptions {
  /** The callback signing secret your receiver verifies with (the test's secret). */
  secret: string;
  /** Signature nonce; a fresh ULID when omitted. */
  nonce?: string;
  /** Unix seconds (or a `Date`); now when omitted. Pass an old one to test staleness. */
  timestamp?: number | Date;
}

/**
 * A callback request exactly as Sinch sends it: `POST`, the JSON body and every header
 * (`content-type` and the four signature headers). Its shape fits wherever a test sends
 * it: `fetch(url, signed)`, `receiver.handle(signed)`, or supertest's
 * `.post(path).set(signed.headers).send(signed.body)`.
 */
export interface SignedCallback {
  /** Always `'POST'`, as Sinch sends callbacks. */
  readonly method: 'POST';
  /** `content-type: application/json` and the four `x-sinch-webhook-signature*` headers. */
  readonly headers: Record<string, string>;
  /** The exact bytes that were signed, as a string. */
  readonly body: string;
  /**
   * The same callback again, as Sinch redelivers it: the same body (so the same message
   * id) signed afresh (a new nonce, the current time), so the receiver's replay guard
   * lets it through and its dedupe memory must answer it as a duplicate.
   */
  duplicate(): SignedCallback;
}

/**
 * Signs a callback for a test, the way Sinch would send it to your webhook.
 *
 * `callback` is a fixture (`fixtures.moText`), any JSON object (serialised with
 * `JSON.stringify`), or the raw body as a string. Send the result with `fetch(url,
 * signed)`, `receiver.handle(signed)` or supertest, then `signed.duplicate()` to send it
 * again as a redelivery.
 *
 * @example
 * const signed = signedCallback(fixtures.moText, { secret: 'test-secret' });
 * const first = await receiver.handle(signed); // 200 {"status":"accepted"}
 * const again = await receiver.handle(signed.duplicate()); // 200 {"status":"duplicate"}
 */
export function signedCallback(callback: object | string, options: SignedCallbackOptions): SignedCallback {
  const body = typeof callback === 'string' ? callback : JSON.stringify(callback);
  return signBody(body, options);
}

function signBody(body: string, options: SignedCallbackOptions): SignedCallback {
  return {
    method: 'POST',
    headers: signedCallbackHeaders(body, options),
    body,
    // A redelivery is signed at its own moment with its own nonce: the caller's fixed
    // nonce or timestamp would make it a replay, which is another test.
    duplicate: () => signBody(body, { secret: options.secret }),
  };
}
