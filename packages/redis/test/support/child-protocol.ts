/** How the scale-out tests configure a receiver process. */
export interface ChildConfig {
  redisUrl: string;
  client: 'node-redis' | 'ioredis';
  secret: string;
  leaseMs: number;
  duplicateWaitMs: number;
  /** Whether a callback with the body `HANG` hangs this instance's handler (to kill it mid-handler). */
  hang?: boolean;
}

/** What a receiver process tells its parent. */
export type ChildMessage =
  | { type: 'listening'; port: number }
  | { type: 'handled'; id: string }
  | { type: 'started'; id: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };
