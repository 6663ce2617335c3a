import { platformBytes } from '../platform/bytes.js';

/** What stands in for a credential in any text the client surfaces. */
export const REDACTED = '[REDACTED]';

// Shorter strings would blank out ordinary words; real tokens and secrets are far longer.
const MIN_SECRET_LENGTH = 6;

/**
 * Removes credentials from texts the client passes on (error messages, bodies, headers),
 * since a proxy or server may echo the `Authorization` header back. `secrets` are the
 * configured credentials; `authorization` is the header a request was sent with, whose
 * token (Bearer) or encoded pair (Basic) is hidden as well; the scheme word stays.
 */
export class Redactor {
  readonly #secrets: readonly string[];

  constructor(secrets: readonly string[], authorization?: string) {
    const all = [...secrets];
    if (authorization !== undefined) {
      const token = /^\s*(?:bearer|basic)\s+(.+)$/i.exec(authorization)?.[1]?.trim();
      if (token !== undefined) all.push(token);
    }
    // Longest first, so a secret that contains another is hidden whole.
    this.#secrets = [...new Set(all.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  }

  /** `text` with every credential replaced by {@link REDACTED}. */
  text(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** A JSON value with every string in it (keys included) redacted; other values as they are. */
  value(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.value(v);
      return out;
    }
    return value;
  }
}

/** The secrets of a set of credentials, including the Basic pair as it goes on the wire. */
export function credentialSecrets(
  credentials: { type: 'service_plan'; apiToken: string } | { type: 'project'; keyId: string; keySecret: string },
): string[] {
  if (credentials.type === 'service_plan') return [credentials.apiToken];
  const pair = `${credentials.keyId}:${credentials.keySecret}`;
  return [credentials.keyId, credentials.keySecret, pair, platformBytes.base64FromText(pair)];
}
