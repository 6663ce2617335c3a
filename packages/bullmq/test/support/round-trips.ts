import type { Redis } from 'ioredis';

/** What {@link countRoundTrips} saw since its last `reset()`. */
export interface RoundTrips {
  /** Waits for a reply: commands sent while none of the client's was awaiting its reply. */
  readonly roundTrips: number;
  /** The commands sent, by name (`evalsha` for BullMQ's scripts). */
  readonly commands: readonly string[];
  reset(): void;
}

/**
 * Counts the Redis round trips made on `redis` by wrapping its `sendCommand`: a command
 * sent while another is still awaiting its reply rides the same round trip (pipelined
 * on the connection); one sent when none is outstanding starts a new one.
 */
export function countRoundTrips(redis: Redis): RoundTrips {
  const send = redis.sendCommand.bind(redis);
  let outstanding = 0;
  let roundTrips = 0;
  let commands: string[] = [];
  redis.sendCommand = ((command, stream) => {
    if (outstanding === 0) roundTrips++;
    outstanding++;
    commands.push(command.name);
    const settled = (): void => void outstanding--;
    void command.promise.then(settled, settled);
    return send(command, stream);
  }) as Redis['sendCommand'];
  return {
    get roundTrips() {
      return roundTrips;
    },
    get commands() {
      return commands;
    },
    reset() {
      roundTrips = 0;
      commands = [];
    },
  };
}
