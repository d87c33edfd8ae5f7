import type { Entry } from '../backend.js'
import type { EncryptedCache } from '../cache/encrypted-cache.js'
import { isOwnKey } from '../cache/slot.js'
import { MISS } from '../cache/slot-codec.js'
import type { KeyResolver } from '../resolver.js'

export { MISS }

/**
 * The candidate whose fresh slot answers `key` without a load: the memoised resolution (key → the
 * candidate that answered last), whose levels above must still be fresh "not found"s. MISS for anything
 * else (a first read, a field of a JSON secret), and the caller takes the full read.
 */
function hotName(
  resolver: KeyResolver,
  cache: EncryptedCache,
  key: string,
  count = true,
): string | typeof MISS {
  const resolution = resolver.known(key)
  const at = resolution?.answeredAt
  if (at === undefined) return MISS
  const { candidates } = resolution!
  for (let i = 0; i < at; i++) if (!cache.freshlyMissing(candidates[i]!, count)) return MISS
  const name = candidates[at]!
  return name.includes('#') ? MISS : name
}

/**
 * A fresh hit's text: one lookup, one freshness check and, for a sealed value, one open. MISS when the
 * answer needs more (a stale or failing slot, bytes).
 */
export function hotText(resolver: KeyResolver, cache: EncryptedCache, key: string): string | typeof MISS {
  const name = hotName(resolver, cache, key)
  return name === MISS ? MISS : cache.freshText(name)
}

/**
 * The shared value `make` makes of a fresh hit's text (EncryptedCache.freshShared), or MISS. With `read`,
 * the entry a full read of `key` just gave: only from the slot that holds that entry's version.
 */
export function hotShared<T extends object>(
  resolver: KeyResolver,
  cache: EncryptedCache,
  key: string,
  make: (text: string) => Promise<T>,
  read?: Entry,
): Promise<T> | typeof MISS {
  const name = hotName(resolver, cache, key, read === undefined)
  if (name === MISS) return MISS
  if (read && !isOwnKey(name, read)) return MISS
  return cache.freshShared(name, make, read?.version)
}
