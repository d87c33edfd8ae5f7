import type { EncryptedCache } from '../cache/encrypted-cache.js'
import { MISS } from '../cache/slot-codec.js'
import type { KeyResolver } from '../resolver.js'

export { MISS }

/**
 * The candidate whose fresh slot answers `key` without a load: the memoised resolution (key → the
 * candidate that answered last), whose levels above must still be fresh "not found"s. MISS for anything
 * else (a first read, a field of a JSON secret), and the caller takes the full read.
 */
function hotName(resolver: KeyResolver, cache: EncryptedCache, key: string): string | typeof MISS {
  const resolution = resolver.known(key)
  const at = resolution?.answeredAt
  if (at === undefined) return MISS
  const { candidates } = resolution!
  for (let i = 0; i < at; i++) if (cache.freshValue(candidates[i]!) !== undefined) return MISS
  const name = candidates[at]!
  return name.includes('#') ? MISS : name
}

/**
 * A fresh hit's text: one lookup, one freshness check and, for a sealed value, one open. MISS when the
 * answer needs more (a stale or failing slot, bytes).
 */
export function hotText(resolver: KeyResolver, cache: EncryptedCache, key: string): string | typeof MISS {
  const name = hotName(resolver, cache, key)
  if (name === MISS) return MISS
  const value = cache.freshValue(name)
  return typeof value === 'string' ? value : MISS
}

/** What `derive` made of a fresh hit's text, once per cached slot (EncryptedCache.freshDerived), or MISS. */
export function hotDerived<T extends object>(
  resolver: KeyResolver,
  cache: EncryptedCache,
  key: string,
  derive: (text: string) => T,
): T | typeof MISS {
  const name = hotName(resolver, cache, key)
  if (name === MISS) return MISS
  return cache.freshDerived(name, derive) ?? MISS
}
