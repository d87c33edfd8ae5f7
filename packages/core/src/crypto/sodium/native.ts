import { createRequire } from 'node:module'
import { debuglog } from 'node:util'

/** The part of `sodium-native` (5.x) that core uses. */
export interface Sodium {
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    c: Uint8Array,
    m: Uint8Array,
    ad: Uint8Array | null,
    nsec: null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number
  /** Throws when authentication fails; `m` is written only when it succeeds. */
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    m: Uint8Array,
    nsec: null,
    c: Uint8Array,
    ad: Uint8Array | null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number
  randombytes_buf(buffer: Uint8Array): void
  sodium_malloc(size: number): Buffer & { secure?: boolean }
  sodium_memzero(buffer: Uint8Array): void
  sodium_mprotect_noaccess(buffer: Uint8Array): void
  sodium_mprotect_readonly(buffer: Uint8Array): void
  sodium_mprotect_readwrite(buffer: Uint8Array): void
}

export interface LoadOptions {
  env?: Record<string, string | undefined>
  /** Loads the module by name (tests pass one that fails). */
  load?: (name: string) => unknown
  /** Where the one line about a failed load goes: `NODE_DEBUG=paramkit` shows it. */
  debug?: (message: string, ...args: unknown[]) => void
}

const REQUIRED = [
  'crypto_aead_xchacha20poly1305_ietf_encrypt',
  'crypto_aead_xchacha20poly1305_ietf_decrypt',
  'randombytes_buf',
  'sodium_malloc',
  'sodium_memzero',
  'sodium_mprotect_noaccess',
  'sodium_mprotect_readonly',
  'sodium_mprotect_readwrite',
] as const

/**
 * `sodium-native`, or undefined when `PARAMKIT_NATIVE=0` is set (silently) or it does not load: not
 * installed (`--omit=optional`, a bundle that left it out), no prebuilt binary for this platform, or a
 * build without a function core needs. A failed load says so once, at debug level, and never throws.
 */
export function loadSodium(options: LoadOptions = {}): Sodium | undefined {
  const env = options.env ?? process.env
  if (env.PARAMKIT_NATIVE === '0') return undefined
  const debug = options.debug ?? debuglog('paramkit')
  try {
    // Through createRequire, so bundlers leave the native module out rather than fail on it.
    const load = options.load ?? createRequire(import.meta.url)
    const sodium = load('sodium-native') as Partial<Sodium>
    const missing = REQUIRED.filter((name) => typeof sodium?.[name] !== 'function')
    if (missing.length > 0) throw new Error(`sodium-native lacks ${missing.join(', ')}`)
    return sodium as Sodium
  } catch (error) {
    // One line: a require error's message goes on with the require stack.
    const reason = String((error as Error)?.message ?? error).split('\n')[0]
    debug('sodium-native did not load (%s); sealing with @noble/ciphers', reason)
    return undefined
  }
}

let loaded: { sodium: Sodium | undefined } | undefined

/** The process's libsodium, loaded on first use (see loadSodium). */
export function sodium(): Sodium | undefined {
  loaded ??= { sodium: loadSodium() }
  return loaded.sodium
}
