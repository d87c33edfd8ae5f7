import type { Entry } from '../backend.js'
import type { CryptoInfo } from '../crypto/aead.js'

/** Loads one key from the backend: the entry, or `undefined` when it does not exist. */
export type Loader = () => Promise<Entry | undefined>

export interface CacheStats {
  hits: number
  misses: number
  /** Reads answered with a stale value (stale-while-revalidate or stale-if-error). */
  staleServed: number
  /** Reads answered "not found" from a negative entry. */
  negativeHits: number
  integrityFailures: number
  evictions: number
  /** Backend loads that failed (kept or not). */
  loadErrors: number
  entries: number
  bytes: number
  seals: number
  /** The cipher sealed values use and who runs it: libsodium, noble (pure JavaScript) or node:crypto. */
  crypto: CryptoInfo
}

/** What the cache tells its owner about loads; the config client turns these into events. */
export interface CacheHooks {
  /** A key's version changed, appeared or disappeared on reload. */
  change?(key: string, previousVersion: string | undefined, version: string | undefined): void
  loadError?(key: string, error: unknown): void
}
