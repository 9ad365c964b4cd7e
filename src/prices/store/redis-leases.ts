// The Lua scripts behind the shared cache's history leases (see redis-store.ts): each runs atomically
// on the server, so two hosts never both take the lease of one history.

/**
 * Leases on missing histories, all or nothing: a run takes the lease of every history it is about to
 * fetch unless another run holds one of them, in which case it takes none and waits for the entries
 * that run will write. A run that waits never holds a lease, so no two runs wait on each other.
 */
export const CLAIM_SCRIPT = `
for _, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if holder and holder ~= ARGV[1] then return 0 end
end
for _, key in ipairs(KEYS) do redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
return 1
`;

export const RELEASE_SCRIPT = `
local n = 0
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    n = n + 1
  end
end
return n
`;

export const REFRESH_SCRIPT = `
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) end
end
return 1
`;
