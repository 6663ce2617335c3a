/** A test SMS the page asks the simulator to send. */
export interface TestSms {
  /** The sender's number. */
  from: string;
  /** The Sinch number it is sent to. */
  to: string;
  /** The text. */
  body: string;
}

/** The longest test SMS body accepted (ten concatenated segments' worth, about). */
export const MAX_SMS_LENGTH = 1600;

/**
 * The test SMS in a request body, or the reason it is not one (for a 400 answer). `from`
 * and `to` are trimmed; the body is kept as typed.
 */
export function readTestSms(body: unknown): TestSms | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'send a JSON object { from, to, body }';
  const { from, to, body: text } = body as Record<string, unknown>;
  for (const [name, value] of Object.entries({ from, to, body: text })) {
    if (typeof value !== 'string' || value.trim() === '') return `${name} must be a non-empty string`;
  }
  if ((text as string).length > MAX_SMS_LENGTH) return `body must be at most ${MAX_SMS_LENGTH} characters`;
  return { from: (from as string).trim(), to: (to as string).trim(), body: text as string };
}
