/** What a dedupe key holds once its callback was handled. */
export const DONE = 'done';

/**
 * Lua function `claim(key, value, lease)`: takes a dedupe key for one call, whose claim
 * `value` names it, answering 1 (claimed), 2 (done) or 3 (in flight). Taken if absent
 * (`SET NX PX`); the same claim repeated — re-sent after a lost reply — finds its own
 * value and is still the claimer; `done` is never overwritten by a claim.
 */
export const CLAIM_KEY = `
local function claim(key, value, lease)
  if redis.call('SET', key, value, 'NX', 'PX', lease) then return 1 end
  local held = redis.call('GET', key)
  if held == '${DONE}' then return 2 end
  if held == value then return 1 end
  return 3
end
`;
