import { isReadableInbound, type InboundMessage, type InboundsPageItem } from '@sinch-inbounds/core';

/** Collects every item of an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export { createRecordingLogger as recordingLogger } from '@sinch-inbounds/testing';

/** The rejection of a promise that must reject. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** Resolves once `check()` holds, polling on a short timer (the test's own timeout bounds it). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Every text an error carries: message, stack, cause chain and own fields. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof Error) {
      parts.push(e.message, e.stack ?? '', JSON.stringify({ ...e }));
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join('\n');
}

/** The item as a message; fails the test when it is an unknown or unreadable item. */
export function message(item: InboundsPageItem | undefined): InboundMessage {
  if (item === undefined || !isReadableInbound(item)) throw new Error(`expected a message, got ${JSON.stringify(item)}`);
  return item;
}
