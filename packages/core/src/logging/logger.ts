import { loggableContext } from './log-context.js';

/**
 * Where the library reports what it does. Shaped like `console` (so `console` itself
 * fits), with an optional structured context. Messages never contain secrets; a
 * context may hold the errors the receiver reports, whose callbacks carry message
 * content and phone numbers (the default logger redacts those, a logger you pass gets them).
 */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const noop = (): void => {};

/** A logger that drops everything. */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

/**
 * The default logger: info, warnings and errors to the console (debug is dropped). It
 * prints ids and types only: the message text, phone numbers and raw bytes in a log
 * context (a failed handler's error carries the whole callback) are redacted first, see
 * `loggableContext`. Pass your own logger to get contexts as they are.
 */
export const defaultLogger: Logger = Object.freeze({
  debug: noop,
  info: (message: string, context?: Record<string, unknown>) =>
    context === undefined ? console.info(message) : console.info(message, loggableContext(context)),
  warn: (message: string, context?: Record<string, unknown>) =>
    context === undefined ? console.warn(message) : console.warn(message, loggableContext(context)),
  error: (message: string, context?: Record<string, unknown>) =>
    context === undefined ? console.error(message) : console.error(message, loggableContext(context)),
});
