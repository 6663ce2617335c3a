import { inspect } from 'node:util';
import type { Logger } from '@sinch-inbounds/core';

/** One call to a {@link RecordingLogger}. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  context?: Record<string, unknown>;
}

/** A {@link Logger} that keeps every call, for asserting what was (or was not) logged. */
export interface RecordingLogger extends Logger {
  /** Every call, in order. */
  readonly entries: LogEntry[];
  /**
   * Everything logged as text, one entry per line with its context fully inspected
   * (error messages and causes included) — for checks such as "no line leaks the token".
   */
  text(): string;
}

/**
 * A logger for tests: pass it as the `logger` option of a receiver, a client or the
 * NestJS module, then assert on `entries` or `text()`.
 */
export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (message: string, context?: Record<string, unknown>): void => {
      entries.push(context === undefined ? { level, message } : { level, message, context });
    };
  return {
    entries,
    text: () =>
      entries
        .map((e) => `${e.level} ${e.message}${e.context === undefined ? '' : ` ${inspect(e.context, { depth: 8, breakLength: Infinity })}`}`)
        .join('\n'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
