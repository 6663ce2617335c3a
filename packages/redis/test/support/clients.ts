import { Redis as IoRedis6 } from 'ioredis';
import { Redis as IoRedis5 } from 'ioredis5';
import { createClient as createClient6 } from 'redis';
import { createClient as createClient4 } from 'redis4';
import { createClient as createClient5 } from 'redis5';
import type { RedisClient } from '../../src/index.js';

/** A connected client of one library and major, with a way to run any command and to quit. */
export interface TestClient {
  readonly client: RedisClient;
  command(...args: string[]): Promise<unknown>;
  quit(): Promise<void>;
}

/** Every client library and major the package supports, by name. */
export const clientKinds = {
  'node-redis 6': async (url: string): Promise<TestClient> => {
    const client = createClient6({ url });
    client.on('error', () => {});
    await client.connect();
    return { client, command: (...args) => client.sendCommand(args), quit: async () => void client.destroy() };
  },
  'node-redis 5': async (url: string): Promise<TestClient> => {
    const client = createClient5({ url });
    client.on('error', () => {});
    await client.connect();
    return { client, command: (...args) => client.sendCommand(args), quit: async () => void client.destroy() };
  },
  'node-redis 4': async (url: string): Promise<TestClient> => {
    const client = createClient4({ url });
    client.on('error', () => {});
    await client.connect();
    return { client, command: (...args) => client.sendCommand(args), quit: async () => void (await client.disconnect()) };
  },
  'ioredis 6': async (url: string): Promise<TestClient> => {
    const client = new IoRedis6(url);
    client.on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    return { client, command: (name, ...args) => client.call(name!, ...args), quit: async () => client.disconnect() };
  },
  'ioredis 5': async (url: string): Promise<TestClient> => {
    const client = new IoRedis5(url);
    client.on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    return { client, command: (name, ...args) => client.call(name!, ...args), quit: async () => client.disconnect() };
  },
} satisfies Record<string, (url: string) => Promise<TestClient>>;

export type ClientKind = keyof typeof clientKinds;
export const clientKindNames = Object.keys(clientKinds) as ClientKind[];
