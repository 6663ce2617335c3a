import { InvalidParamsError } from './errors.js';

/**
 * `id` percent-encoded as one path segment, so that `../x` stays a literal id and
 * cannot reach another endpoint. `.` and `..` are dot segments even when
 * percent-encoded (WHATWG URL), so no URL can carry them as an id: they are refused
 * rather than another resource requested.
 *
 * @throws {InvalidParamsError} naming `param` when the id is empty, `.`/`..`, not a
 * string, or holds an unpaired surrogate.
 */
export function encodePathSegment(id: unknown, param: string): string {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidParamsError(param, 'must be a non-empty string');
  if (id === '.' || id === '..') throw new InvalidParamsError(param, `"${id}" cannot be sent as an id`);
  try {
    return encodeURIComponent(id);
  } catch {
    throw new InvalidParamsError(param, 'contains an unpaired UTF-16 surrogate');
  }
}
