import { platformBytes } from '../../platform/bytes.js';
import { platformCrypto } from '../../platform/crypto.js';

/** A user name and password that callbacks must present with HTTP Basic auth. */
export interface BasicAuthCredentials {
  /** The user name configured for the callback URL on the Sinch account. */
  username: string;
  /** The password configured for the callback URL on the Sinch account. */
  password: string;
}

/**
 * Checks `Authorization: Basic …` headers against one or several credentials (several
 * for rotation) in constant time.
 */
export class BasicAuthChecker {
  // SHA-256 digests have a fixed length, so the comparison time does not depend on
  // how long the secret or the attempt is. Web Crypto digests asynchronously, hence
  // the Promise (settled at once on Node).
  readonly #digests: Promise<Uint8Array[]>;

  constructor(credentials: BasicAuthCredentials | readonly BasicAuthCredentials[]) {
    const list: readonly BasicAuthCredentials[] = Array.isArray(credentials)
      ? credentials
      : [credentials as BasicAuthCredentials];
    if (list.length === 0) throw new TypeError('basicAuth: give at least one { username, password }');
    const pairs = list.map((c, i) => {
      if (!c || typeof c.username !== 'string' || typeof c.password !== 'string' || c.password.length === 0) {
        throw new TypeError(`basicAuth[${i}]: username must be a string and password a non-empty string`);
      }
      if (c.username.includes(':')) throw new TypeError(`basicAuth[${i}]: username must not contain ':' (RFC 7617)`);
      return `${c.username}:${c.password}`;
    });
    this.#digests = Promise.all(pairs.map((pair) => platformCrypto.sha256(pair)));
    // A failure shows on the first check(); it must not also crash the process as unhandled.
    this.#digests.catch(() => {});
  }

  /** True when the header carries one of the configured credentials. */
  async check(authorization: string | undefined): Promise<boolean> {
    if (authorization === undefined) return false;
    const match = /^\s*basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(authorization);
    if (!match) return false;
    const given = await platformCrypto.sha256(platformBytes.textFromBase64(match[1] as string));
    let ok = false;
    // Every credential is compared, so timing does not tell which one (if any) matched.
    for (const expected of await this.#digests) if (platformCrypto.timingSafeEqual(expected, given)) ok = true;
    return ok;
  }
}
