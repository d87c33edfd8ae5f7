import type { CipherName } from '../crypto/ciphers.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { optionNames } from '../known-options.js'

export interface Clock {
  now(): number
}

export interface CacheOptions {
  /** Milliseconds a value is fresh. Default 60 s. */
  ttl?: number
  /** Fraction of `ttl` taken off at random per entry, so a fleet does not refresh in step. Default 0.1. */
  jitter?: number
  /** Milliseconds after expiry during which the stale value is served at once while one refresh runs. Default 0 (off). */
  staleWhileRevalidate?: number
  /** Milliseconds after expiry during which the last good value is served if the backend fails. Default 5 min. */
  maxStale?: number
  /** Milliseconds a "not found" is remembered. Default 5 s; 0 turns negative caching off. */
  negativeTtl?: number
  /** Most entries kept. Default 10,000. */
  maxEntries?: number
  /** Most bytes kept (ciphertext plus book-keeping). Default 64 MiB. */
  maxBytes?: number
  /**
   * What is sealed. `'sensitive'` (default): SecureString, Secrets Manager and any entry marked
   * sensitive; plain `String` parameters, declared non-secret by their owner, stay in clear.
   * `'all'`: every value.
   */
  encrypt?: 'all' | 'sensitive'
  /**
   * The AEAD for sealed values: `'xchacha20-poly1305'` (default; through libsodium where `sodium-native`
   * loads, else @noble/ciphers, pure JavaScript: see `stats().crypto`) or `'aes-256-gcm'` (node:crypto).
   */
  cipher?: CipherName
  /** Data keys for sealing. Default `localKeyProvider()`. */
  keyProvider?: KeyProvider
  /** Separates caches that share a key provider; bound into every seal. */
  namespace?: string
  /** Milliseconds clock. Default `Date`. */
  clock?: Clock
  /** Random source in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number
}

export const cacheOptionNames = optionNames<CacheOptions>({
  ttl: true,
  jitter: true,
  staleWhileRevalidate: true,
  maxStale: true,
  negativeTtl: true,
  maxEntries: true,
  maxBytes: true,
  encrypt: true,
  cipher: true,
  keyProvider: true,
  namespace: true,
  clock: true,
  random: true,
})

export type ResolvedCacheOptions = Required<Omit<CacheOptions, 'keyProvider'>> & { keyProvider: KeyProvider }

export const cacheDefaults = {
  ttl: 60_000,
  jitter: 0.1,
  staleWhileRevalidate: 0,
  maxStale: 5 * 60_000,
  negativeTtl: 5_000,
  maxEntries: 10_000,
  maxBytes: 64 * 1024 * 1024,
  encrypt: 'sensitive',
  cipher: 'xchacha20-poly1305',
  namespace: 'paramkit',
} as const
