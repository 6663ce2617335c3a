/**
 * The part of a key name that Redis Cluster hashes to pick the key's slot: the text
 * between the first `{` and the first `}` after it when that is not empty (a hash tag),
 * else the whole name.
 */
export function hashedPart(name: string): string {
  const open = name.indexOf('{');
  if (open === -1) return name;
  const close = name.indexOf('}', open + 1);
  return close === -1 || close === open + 1 ? name : name.slice(open + 1, close);
}

/**
 * `name`, or a name for it in the hash slot of `anchor`, so one script may touch both
 * keys on Redis Cluster: `name` itself when it hashes the same part already (a prefix
 * that carries a hash tag), else `{<hashed part of anchor>}name` — a leading tag that
 * reproduces the anchor's slot. `undefined` when no tag can (the part holds a `}`).
 */
export function inSlotOf(anchor: string, name: string): string | undefined {
  const part = hashedPart(anchor);
  if (hashedPart(name) === part) return name;
  return part.includes('}') ? undefined : `{${part}}${name}`;
}
