/**
 * What core needs from its runtime. Each module of this folder has a Node
 * implementation (`X.ts`) and a web-standard one (`X.web.ts`) that satisfy these
 * interfaces; the web build swaps one for the other (see `tsup.config.ts`).
 */

/** Bytes, text and Base64. */
export interface PlatformBytes {
  /** The UTF-8 text of `bytes`, or `undefined` when they are not valid UTF-8. */
  decodeUtf8(bytes: Uint8Array): string | undefined;
  /** The UTF-8 bytes of `text`. */
  encodeUtf8(text: string): Uint8Array;
  /** `chunks` joined into one array of `size` bytes. */
  concat(chunks: readonly Uint8Array[], size: number): Uint8Array;
  /** Base64 of `data`. */
  base64FromBytes(data: Uint8Array): string;
  /** Base64 of the UTF-8 bytes of `text`. */
  base64FromText(text: string): string;
  /** The text whose UTF-8 bytes `base64` encodes, leniently (invalid sequences become U+FFFD). */
  textFromBase64(base64: string): string;
}

/**
 * A value now (Node's synchronous crypto) or later (Web Crypto is asynchronous). Code
 * shared by both builds awaits it; Node's public API stays synchronous.
 */
export type MaybePromise<T> = T | Promise<T>;

/** HMAC and digests. */
export interface PlatformCrypto {
  /** Base64(HMAC-SHA256(key = `secret` as UTF-8, message = `body` bytes + UTF-8 of `suffix`)). */
  hmacSha256Base64(secret: string, body: string | Uint8Array, suffix: string): MaybePromise<string>;
  /** SHA-256 of the UTF-8 bytes of `text`. */
  sha256(text: string): MaybePromise<Uint8Array>;
  /** `size` cryptographically random bytes. */
  randomBytes(size: number): Uint8Array;
  /** True when `a` and `b` are equal, in time that depends only on their lengths. */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
}

/** One HTTP exchange as the client's transport needs it. */
export interface HttpExchange {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** An answer of any status, body read in full. */
export interface HttpAnswer {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  text: string;
}

/**
 * Sends one request and reads the whole answer. Rejects when the connection fails or
 * the signal aborts; never rejects because of the status.
 */
export type HttpSender = (exchange: HttpExchange) => Promise<HttpAnswer>;
