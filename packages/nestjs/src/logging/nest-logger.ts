import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from '@sinch-inbounds/core';

/**
 * Core's {@link Logger} written to Nest's own logger, so the library's warnings show up
 * with the app's formatting and log levels, under the `SinchInbounds` context.
 */
export function createNestLogger(context = 'SinchInbounds'): Logger {
  const nest = new NestLogger(context);
  // Nest takes extra arguments as data to print; pass the context only when there is one,
  // or Nest would print a stray `undefined`.
  const write =
    (method: 'debug' | 'log' | 'warn' | 'error') =>
    (message: string, data?: Record<string, unknown>): void => {
      if (data === undefined) nest[method](message);
      else nest[method](message, data);
    };
  return { debug: write('debug'), info: write('log'), warn: write('warn'), error: write('error') };
}
