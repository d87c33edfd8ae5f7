import { ValidationError } from '../errors.js'
import type { Aead, CipherName, CryptoInfo } from './aead.js'
import { aes256gcm } from './aes-gcm.js'
import { sodium } from './sodium/native.js'
import { xchacha20poly1305Sodium } from './sodium/xchacha-sodium.js'
import { xchacha20poly1305Noble } from './xchacha.js'

export type { Aead, CipherName, CryptoImplementation, CryptoInfo } from './aead.js'

export const TAG_BYTES = 16
export const KEY_BYTES = 32

/**
 * XChaCha20-Poly1305: through libsodium (`sodium-native`) where it loads, else through @noble/ciphers
 * (the same format). `'aes-256-gcm'` (node:crypto) is the other choice.
 */
export const defaultCipher: CipherName = 'xchacha20-poly1305'

let xchacha: Aead | undefined
/** libsodium's XChaCha20-Poly1305 when `sodium-native` loads and `PARAMKIT_NATIVE` is not `0`, else noble's. */
function xchachaAead(): Aead {
  if (xchacha) return xchacha
  const native = sodium()
  xchacha = native ? xchacha20poly1305Sodium(native) : xchacha20poly1305Noble
  return xchacha
}

export const CIPHER_NAMES: CipherName[] = ['aes-256-gcm', 'xchacha20-poly1305']

export function isCipherName(value: unknown): value is CipherName {
  return typeof value === 'string' && (CIPHER_NAMES as string[]).includes(value)
}

/** The AEAD named; ValidationError for any other name. */
export function aeadFor(name: CipherName): Aead {
  if (name === 'aes-256-gcm') return aes256gcm
  if (name === 'xchacha20-poly1305') return xchachaAead()
  throw new ValidationError(
    `Unknown cipher "${String(name)}": use one of ${CIPHER_NAMES.join(', ')} (rule: cipher)`,
    { operation: 'seal', rule: 'cipher' },
  )
}

/**
 * Which cipher and implementation sealing with `cipher` (default: the cache's default) uses in this
 * process, e.g. `{ cipher: 'xchacha20-poly1305', implementation: 'libsodium' }`.
 */
export function cryptoInfo(cipher: CipherName = defaultCipher): CryptoInfo {
  const aead = aeadFor(cipher)
  return { cipher: aead.name, implementation: aead.implementation }
}
