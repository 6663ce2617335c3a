import { DemoConfigError } from '../config/demo-config.js';

/**
 * What to report when the app could not listen: a taken port becomes a
 * {@link DemoConfigError} that says what to do (printed without a stack trace); anything
 * else is returned as it was.
 */
export function explainListenError(error: unknown, port: number): unknown {
  if ((error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE') {
    return new DemoConfigError(`port ${port} is in use; set PORT to another port (PORT=0 picks a free one)`);
  }
  return error;
}
