/**
 * A number option of `createWebhookReceiver` that must be positive: `value`, or
 * `fallback` when it is not given. Throws at creation, so a misconfiguration shows at
 * start-up.
 */
export function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`createWebhookReceiver: ${name} must be a positive number`);
  return v;
}

/** The same for a number option that may be 0 (`0` often switches a check off). */
export function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`createWebhookReceiver: ${name} must be 0 or more`);
  return v;
}
