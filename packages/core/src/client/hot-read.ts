import type { EncryptedCache } from '../cache/encrypted-cache.js'
import { MISS } from '../cache/slot-codec.js'
import type { KeyResolver } from '../resolver.js'

export { MISS }

/**
 * A fresh hit without promises: the memoised resolution (key → the candidate that answered last), one
 * lookup of that candidate, one freshness check and, for a sealed value, one open. Levels above the
 * one that answered must still be fresh "not found"s. Anything else (a first read, a stale or failing
 * slot, a field of a JSON secret, bytes) is MISS, and the caller takes the full read.
 */
export function hotText(resolver: KeyResolver, cache: EncryptedCache, key: string): string | typeof MISS {
  const resolution = resolver.known(key)
  const at = resolution?.answeredAt
  if (at === undefined) return MISS
  const { candidates } = resolution!
  for (let i = 0; i < at; i++) if (cache.freshValue(candidates[i]!) !== undefined) return MISS
  const name = candidates[at]!
  if (name.includes('#')) return MISS
  const value = cache.freshValue(name)
  return typeof value === 'string' ? value : MISS
}
