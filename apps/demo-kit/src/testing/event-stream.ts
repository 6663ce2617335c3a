/** One Server-Sent Event of the inbox's live stream, its data parsed. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/** The inbox's live stream (`/api/events`) as a test reads it. */
export interface EventStream {
  /** Every event received so far, in order. */
  readonly events: readonly StreamEvent[];
  /** Resolves with the first event so far or to come that `match` accepts (rejects after `timeoutMs`). */
  waitFor(match: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Ends the stream. */
  close(): void;
}

/**
 * Opens the page's live stream at `url` (the app's `api/events`), as the page's
 * `EventSource` does, so tests wait on what the page would show rather than sleep.
 */
export async function openEventStream(url: URL): Promise<EventStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  if (!res.ok || res.body === null) throw new Error(`GET ${url} answered ${res.status}`);
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    let buffer = '';
    try {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffer += read.value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: ?(.*)$/m.exec(frame)?.[1];
          const data = /^data: ?(.*)$/m.exec(frame)?.[1];
          if (event === undefined || data === undefined) continue;
          events.push({ event, data: JSON.parse(data) });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // Closed by close(), or the app stopped.
    }
  })();
  return {
    events,
    waitFor: (match, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = events.find(match);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs / 1000} s; got ${JSON.stringify(events.map((e) => e.event))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => controller.abort(),
  };
}
