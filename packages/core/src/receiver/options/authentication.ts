import type { Logger } from '../../logging/logger.js';
import { BasicAuthChecker, type BasicAuthCredentials } from '../auth/basic-auth.js';
import { WebhookConfigurationError } from '../errors/errors.js';
import type { WebhookReceiverOptions } from './options.js';

/** How a receiver authenticates callbacks, decided once at creation. */
export interface ReceiverAuthentication {
  /** The signing secrets any one of which may match; `undefined` when signatures are not checked. */
  readonly secrets: readonly string[] | undefined;
  /** The Basic credentials checker; `undefined` when Basic auth is not checked. */
  readonly basicAuth: BasicAuthChecker | undefined;
  /** True when neither is configured and the app opted out with `dangerouslyAllowUnauthenticated`. */
  readonly unauthenticated: boolean;
}

/**
 * The fix named when a receiver would accept callbacks from anyone. The env var is the
 * one every README and demo reads, so the message points at something a user can set.
 */
const HOW_TO_AUTHENTICATE =
  'Set the `secret` option to the callback signing secret of your Sinch account ' +
  '(e.g. `secret: process.env.SINCH_WEBHOOK_SECRET`, and set SINCH_WEBHOOK_SECRET), ' +
  'or set `basicAuth: { username, password }` as configured for the callback URL. ' +
  'Only if something in front of this endpoint authenticates requests, pass `dangerouslyAllowUnauthenticated: true`.';

/**
 * Resolves `secret`, `basicAuth` and `dangerouslyAllowUnauthenticated` (fail closed). An
 * absent secret and an empty one (`''`, whitespace, `[]`, only empty strings — what an
 * unset environment variable gives) mean the same: none. With no secret and no Basic
 * credentials the receiver would take forged callbacks, so that is refused unless the
 * app opts out by name; with the opt-out it warns at creation.
 *
 * @throws {WebhookConfigurationError} no secret and no `basicAuth`, without the opt-out.
 * @throws {TypeError} a secret list mixing real and empty entries, or malformed Basic credentials.
 */
export function resolveAuthentication(options: WebhookReceiverOptions, logger: Logger): ReceiverAuthentication {
  const secrets = normaliseSecrets(options.secret);
  const credentials = presentCredentials(options.basicAuth);
  const basicAuth = credentials === undefined ? undefined : new BasicAuthChecker(credentials);
  if (secrets !== undefined || basicAuth !== undefined) return { secrets, basicAuth, unauthenticated: false };
  if (options.dangerouslyAllowUnauthenticated !== true) {
    const what = options.secret === undefined ? 'no `secret` and no `basicAuth` given' : '`secret` is empty and no `basicAuth` given';
    throw new WebhookConfigurationError(
      `createWebhookReceiver: ${what}, so anyone who knows the webhook URL could post forged callbacks. ${HOW_TO_AUTHENTICATE}`,
      { option: 'secret' },
    );
  }
  logger.warn(
    'sinch webhook: dangerouslyAllowUnauthenticated is set and there is no `secret` and no `basicAuth`: ' +
      'every callback is accepted without authentication, and anyone who knows the URL can post forged ones.',
  );
  return { secrets: undefined, basicAuth: undefined, unauthenticated: true };
}

/** The message logged once, at the first request a receiver serves without authentication. */
export const UNAUTHENTICATED_REQUEST_WARNING =
  'sinch webhook: serving requests without authentication (dangerouslyAllowUnauthenticated); ' +
  'this and every later callback is accepted unsigned. Logged once per receiver.';

function normaliseSecrets(secret: WebhookReceiverOptions['secret']): readonly string[] | undefined {
  if (secret === undefined || secret === null) return undefined;
  const list: readonly unknown[] = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : [secret];
  if (list.every((s) => typeof s === 'string' && s.trim() === '')) return undefined;
  if (list.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw new TypeError('createWebhookReceiver: every secret in the list must be a non-empty string');
  }
  return Object.freeze([...(list as string[])]);
}

function presentCredentials(
  basicAuth: WebhookReceiverOptions['basicAuth'],
): BasicAuthCredentials | readonly BasicAuthCredentials[] | undefined {
  if (basicAuth === undefined || basicAuth === null) return undefined;
  if (Array.isArray(basicAuth) && basicAuth.length === 0) return undefined;
  return basicAuth;
}
