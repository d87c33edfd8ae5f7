import { type Sodium, sodium } from './native.js'

/**
 * Data keys in libsodium's guarded memory (`sodium_malloc`: guard pages on both sides, locked out of
 * swap, outside the JavaScript heap). A key is read-only while in use and no-access while idle; it is
 * zeroed with `sodium_memzero`. Touching a no-access key from JavaScript crashes the process, so only
 * the key ring (key-ring.ts) switches access, and every reader takes the key through it.
 */
export interface KeyGuard {
  /** A guarded, read-only copy of `key`; `key` itself is zeroed. */
  adopt(key: Uint8Array): Uint8Array
  /** Writes `bytes` into guarded `key` (then read-only) and zeroes `bytes`. */
  overwrite(key: Uint8Array, bytes: Uint8Array): void
  readonly(key: Uint8Array): void
  noaccess(key: Uint8Array): void
  /** `sodium_memzero`; the zeroed key stays readable, so a late reader fails authentication, not the process. */
  zero(key: Uint8Array): void
}

/** The guard when libsodium is in use; undefined on the fallback path, where keys stay plain arrays. */
export function keyGuard(native: Sodium | undefined = sodium()): KeyGuard | undefined {
  if (!native) return undefined
  return {
    adopt(key) {
      const guarded = native.sodium_malloc(key.length)
      guarded.set(key)
      key.fill(0)
      native.sodium_mprotect_readonly(guarded)
      return guarded
    },
    overwrite(key, bytes) {
      native.sodium_mprotect_readwrite(key)
      key.set(bytes)
      bytes.fill(0)
      native.sodium_mprotect_readonly(key)
    },
    readonly: (key) => native.sodium_mprotect_readonly(key),
    noaccess: (key) => native.sodium_mprotect_noaccess(key),
    zero(key) {
      native.sodium_mprotect_readwrite(key)
      native.sodium_memzero(key)
    },
  }
}
