/**
 * Where the library reports what it does. Shaped like `console` (so `console` itself
 * fits), with an optional structured context. Messages never contain secrets.
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

/** The default logger: warnings and errors to the console, nothing else. */
export const defaultLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: (message: string, context?: Record<string, unknown>) =>
    context === undefined ? console.warn(message) : console.warn(message, context),
  error: (message: string, context?: Record<string, unknown>) =>
    context === undefined ? console.error(message) : console.error(message, context),
});
