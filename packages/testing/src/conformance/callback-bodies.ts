import { randomUUID } from 'node:crypto';
import { fixtures } from '../fixtures/fixtures.js';

/** A fresh message id, so no case collides with another's dedupe memory. */
export function freshId(): string {
  return `01CONFORMANCE${randomUUID().replace(/-/g, '').slice(0, 13).toUpperCase()}`;
}

/** A valid `mo_text` callback as compact JSON, with `id` and `body` as given. */
export function moTextCallback(id: string, body: string = fixtures.moTextWebhook.body): string {
  return JSON.stringify({ ...fixtures.moTextWebhook, id, body });
}

/** The text inside {@link awkwardCallback}'s body once decoded. */
export const AWKWARD_TEXT = 'Grüße 👋🏽 — 你好 é 😀\t!';

/**
 * A valid `mo_text` callback written the way no serialiser would: CRLF and tabs between
 * tokens, spaces before colons, escaped and literal non-ASCII, a surrogate pair written
 * as escapes, a trailing newline. Any adapter that re-serialises or re-decodes the body
 * changes these bytes and breaks the signature.
 */
export function awkwardCallback(id: string): string {
  return (
    '{\r\n\t"type" :\t"mo_text" ,  "id":"' +
    id +
    '",\n "from":"12015555555","to" : "12017777777",\n\n' +
    ' "body":"Grüße 👋🏽 — 你好 \\u00e9 \\ud83d\\ude00\\t!",  "operator_id":"311071",' +
    '"received_at":"2024-06-06T07:52:37.386Z"   }\n'
  );
}
