/** How the scale-out tests configure a receiver process. */
export interface ChildConfig {
  redisUrl: string;
  client: 'node-redis' | 'ioredis';
  secret: string;
  leaseMs: number;
  duplicateWaitMs: number;
  /** Whether a callback with the body `HANG` hangs this instance's handler (to kill it mid-handler). */
  hang?: boolean;
  /**
   * Whether a callback with the body `HOLD` holds this instance's handler (after telling
   * `started`) until the parent sends `release`: callbacks in flight, on demand.
   */
  hold?: boolean;
}

/** What the parent tells a receiver process. */
export type ParentMessage = { type: 'release' };

/** What a receiver process tells its parent. */
export type ChildMessage =
  | { type: 'listening'; port: number }
  | { type: 'handled'; id: string }
  | { type: 'started'; id: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };
