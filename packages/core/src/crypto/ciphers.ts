import { ValidationError } from '../errors.js'
import type { Aead, CipherName } from './aead.js'
import { aes256gcm } from './aes-gcm.js'
import { xchacha20poly1305 } from './xchacha.js'

export type { Aead, CipherName } from './aead.js'

export const TAG_BYTES = 16
export const KEY_BYTES = 32

/** AES-256-GCM via node:crypto (AES-NI): about 3× the portable cipher on a small value. */
export const defaultCipher: CipherName = 'aes-256-gcm'

const ciphers: Record<CipherName, Aead> = {
  'aes-256-gcm': aes256gcm,
  'xchacha20-poly1305': xchacha20poly1305,
}

export const CIPHER_NAMES = Object.keys(ciphers) as CipherName[]

export function isCipherName(value: unknown): value is CipherName {
  return typeof value === 'string' && Object.hasOwn(ciphers, value)
}

/** The AEAD named; ValidationError for any other name. */
export function aeadFor(name: CipherName): Aead {
  if (isCipherName(name)) return ciphers[name]
  throw new ValidationError(
    `Unknown cipher "${String(name)}": use one of ${CIPHER_NAMES.join(', ')} (rule: cipher)`,
    { operation: 'seal', rule: 'cipher' },
  )
}
