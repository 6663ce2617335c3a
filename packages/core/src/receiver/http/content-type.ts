/**
 * Whether a `Content-Type` header announces JSON: `application/json`, or a structured
 * `application/<anything>+json` type (RFC 6839), with any parameters (`; charset=utf-8`),
 * in any letter case. Sinch sends `application/json`; `+json` is accepted too because a
 * 415 is a 4xx that Sinch never retries, so refusing real JSON would lose a message.
 */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  // What Sinch sends, answered without slicing or lower-casing a copy.
  if (value === 'application/json') return true;
  const semicolon = value.indexOf(';');
  const essence = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  if (essence === 'application/json') return true;
  return essence.startsWith('application/') && essence.endsWith('+json') && essence.length > 'application/+json'.length;
}
