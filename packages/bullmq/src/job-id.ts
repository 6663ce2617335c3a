// Marks our ids: never all digits, and never confused with ids BullMQ makes itself.
const PREFIX = 'sinch-';

/**
 * The BullMQ job id for a callback's dedupe key: `sinch-` and the key percent-encoded.
 * BullMQ refuses custom ids with a `:` (and all-digit ids), which every dedupe key has
 * (`mo:01JH…`); percent-encoding removes `:` and is reversible, and the prefix keeps an
 * id from ever being all digits. An inbound's id stays readable in a dashboard:
 * `mo:01JHX…` becomes `sinch-mo%3A01JHX…`.
 */
export function jobIdOf(dedupeKey: string): string {
  return PREFIX + encodeURIComponent(dedupeKey);
}

/** The dedupe key a {@link jobIdOf} id was made from, or `undefined` for any other id. */
export function dedupeKeyOfJobId(jobId: string): string | undefined {
  if (!jobId.startsWith(PREFIX)) return undefined;
  try {
    return decodeURIComponent(jobId.slice(PREFIX.length));
  } catch {
    return undefined;
  }
}
