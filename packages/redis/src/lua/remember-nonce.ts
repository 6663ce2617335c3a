/**
 * Lua function `remember(key, token, ttl)`: remembers a nonce for one call, named by
 * its token, answering 1 when new and 0 when seen. Written if absent (`SET NX PX`); the
 * same write repeated — a client re-sending it after a reconnect because its reply was
 * lost (ioredis does by default) — finds its own token and is still new; any other call
 * finds another token and is a replay.
 */
export const REMEMBER_NONCE = `
local function remember(key, token, ttl)
  if redis.call('SET', key, token, 'NX', 'PX', ttl) then return 1 end
  if redis.call('GET', key) == token then return 1 end
  return 0
end
`;
