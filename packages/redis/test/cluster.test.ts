import fc from 'fast-check';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NONCE_CLAIM } from '../src/dedupe/nonce-claim-script.js';
import { hashedPart } from '../src/keys/hash-slot.js';
import { redisDedupeStore, redisReplayGuard, type RedisClient } from '../src/index.js';
import { startClusterNode, type ClusterNode } from './support/cluster-node.js';

/** A cluster client of one library, with the combined script runnable on any keys. */
interface ClusterClient {
  readonly client: RedisClient;
  /** `EVAL` of the nonce-and-claim script on `keys`, as the store sends it. */
  evalNonceClaim(keys: string[], args: string[]): Promise<unknown>;
  quit(): Promise<void>;
}

const clusterKinds = {
  'node-redis 6 cluster': async (node: ClusterNode): Promise<ClusterClient> => {
    const client = createCluster({ rootNodes: [{ url: `redis://${node.host}:${node.port}` }] });
    client.on('error', () => {});
    await client.connect();
    return { client, evalNonceClaim: (keys, args) => client.eval(NONCE_CLAIM.source, { keys, arguments: args }), quit: async () => void client.destroy() };
  },
  'ioredis 6 cluster': async (node: ClusterNode): Promise<ClusterClient> => {
    const client = new Cluster([{ host: node.host, port: node.port }]);
    client.on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    return { client, evalNonceClaim: (keys, args) => client.eval(NONCE_CLAIM.source, keys.length, ...keys, ...args), quit: async () => client.disconnect() };
  },
};

let node: ClusterNode;
beforeAll(async () => {
  node = await startClusterNode();
});
afterAll(async () => {
  await node?.close();
});

const LEASE = 60_000;
const tenMinutes = (): [number, number] => {
  const now = Date.now();
  return [now + 600_000, now];
};

describe.each(Object.keys(clusterKinds) as (keyof typeof clusterKinds)[])('%s (one node serving every slot)', (kind) => {
  let c: ClusterClient;
  beforeAll(async () => {
    c = await clusterKinds[kind](node);
  });
  afterAll(async () => {
    await c?.quit();
  });

  it.each([
    ['the default prefix (no hash tag)', 'sinch-inbounds:'],
    ['a prefix that carries a hash tag', '{sinch-inbounds}:'],
  ])('%s: the nonce and the claim in one script, accepted by Redis Cluster', async (_, base) => {
    const prefix = `${base}${kind.replace(/ /g, '-')}:`;
    const store = redisDedupeStore(c.client, { prefix });
    const guard = redisReplayGuard(c.client, { prefix });
    // A nonce signs one body, so each dedupe key comes with nonces of its own.
    for (const key of ['mo:01CLUSTER', 'unknown:["mo_hologram","{cube}"]']) {
      const [n1, n2] = [`${key}-1`, `${key}-2`];
      expect(await store.claimWithNonce(key, LEASE, guard, n1, ...tenMinutes())).toEqual({ fresh: true, claim: 'claimed' });
      expect(await store.claimWithNonce(key, LEASE, guard, n1, ...tenMinutes())).toEqual({ fresh: false, claim: 'in_flight' });
      await store.forgetNonce(key, n1, guard);
      await store.release(key);
      expect(await store.claimWithNonce(key, LEASE, guard, n1, ...tenMinutes())).toEqual({ fresh: true, claim: 'claimed' });
      await store.complete(key, 60_000);
      expect(await store.claimWithNonce(key, LEASE, guard, n2, ...tenMinutes())).toEqual({ fresh: true, claim: 'done' });
      // The dedupe key's name is the one the store always wrote.
      expect(await node.command('GET', `${prefix}dedupe:${key}`)).toBe('done');
    }
    // The plain paths, key-less callbacks and the memory marker, work beside it.
    const now = Date.now();
    expect(await guard.remember('keyless', now + 60_000, now)).toBe(true);
    expect(await store.rememberedSince()).toBeGreaterThan(0);
  });

  it('the control: the same script on the guard’s plain nonce key and the dedupe key (two slots) is refused', async () => {
    const prefix = 'sinch-inbounds:control:';
    const keys = [`${prefix}nonce:n1`, `${prefix}dedupe:mo:01CLUSTER`];
    expect(await node.command('CLUSTER', 'KEYSLOT', keys[0]!)).not.toBe(await node.command('CLUSTER', 'KEYSLOT', keys[1]!));
    await expect(c.evalNonceClaim(keys, ['1', '60000', 'claim:x.1', '60000'])).rejects.toThrow(/CROSSSLOT|same slot/i);
  });
});

describe('the nonce key’s slot, for any prefix and dedupe key', () => {
  let c: ClusterClient;
  beforeAll(async () => {
    c = await clusterKinds['node-redis 6 cluster'](node);
  });
  afterAll(async () => {
    await c?.quit();
  });

  it('is the dedupe key’s slot (CLUSTER KEYSLOT), or there is no nonce key and the store answers undefined', async () => {
    // Few letters and many braces, so tags, empty tags, unclosed and stray braces all occur.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ':', '{', '}'), maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(text, text, text, async (prefix, key, nonce) => {
        const store = redisDedupeStore(c.client, { prefix });
        const guard = redisReplayGuard(c.client, { prefix });
        const dedupeKey = store.keyOf(key);
        const nonceKey = store.nonceKeyOf(key, nonce, guard);
        if (nonceKey === undefined) {
          expect(hashedPart(dedupeKey)).toContain('}');
          expect(store.claimWithNonce(key, LEASE, guard, nonce, ...tenMinutes())).toBeUndefined();
          return;
        }
        expect(await node.command('CLUSTER', 'KEYSLOT', nonceKey)).toBe(await node.command('CLUSTER', 'KEYSLOT', dedupeKey));
        // Redis hashes what hashedPart says it does: the nonce key is only ever the guard's own key or behind a tag.
        expect([guard.keyOf(nonce), `{${hashedPart(dedupeKey)}}${guard.keyOf(nonce)}`]).toContain(nonceKey);
      }),
      { numRuns: 300 },
    );
  });
});
