/** What an error body says, whatever its shape. */
export interface ErrorBodyInfo {
  /** The body decoded from JSON when possible, else the raw text. */
  body: unknown;
  /** A machine-readable error code, whichever key carried it. */
  code?: string;
  /** A human-readable explanation, whichever key carried it. */
  text?: string;
}

/**
 * Reads `code` and `text` from any error shape Sinch is known to send (SPEC §2):
 * `{code, text}`, `{code, description}`, `{error: {code, message, status}}`, RFC 7807
 * `{type, title, detail}`, and the empty bodies of 401/404. Never throws.
 */
export function parseErrorBody(raw: string): ErrorBodyInfo {
  if (raw.trim() === '') return { body: raw };
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    // A proxy's HTML page or plain text: keep it as is, a short one is still useful.
    const text = raw.trim();
    return text.length <= 200 && !text.startsWith('<') ? { body: raw, text } : { body: raw };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { body };
  const obj = body as Record<string, unknown>;
  const nested = obj.error !== null && typeof obj.error === 'object' ? (obj.error as Record<string, unknown>) : undefined;
  const code = firstText(obj.code, nested?.code, nested?.status, obj.type, typeof obj.error === 'string' ? obj.error : undefined);
  const text = firstText(
    obj.text,
    obj.description,
    nested?.message,
    obj.detail,
    obj.title,
    obj.message,
    obj.error_description,
  );
  const info: ErrorBodyInfo = { body };
  if (code !== undefined) info.code = code;
  if (text !== undefined) info.text = text;
  return info;
}

// Codes come as strings or numbers (`{error: {code: 401}}`); anything else is ignored.
function firstText(...values: unknown[]): string | undefined {
  for (const v of values) {
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}
