import type { TextKind } from '../cache/text-codec.js'

/** The AEADs a cache or snapshot can seal with. */
export type CipherName = 'aes-256-gcm' | 'xchacha20-poly1305'

/** Who does the work: libsodium (`sodium-native`), @noble/ciphers (pure JavaScript) or node:crypto. */
export type CryptoImplementation = 'libsodium' | 'noble' | 'node'

/** What `stats().crypto` reports. */
export interface CryptoInfo {
  cipher: CipherName
  implementation: CryptoImplementation
}

/**
 * A sealed value as opened: bytes, or a latin1 string (one character per byte), which is how cache slots
 * keep it: a one-byte string costs its length plus a header, a Uint8Array several times that on 64 B.
 */
export type Sealed = Uint8Array | string

/** The bytes of a sealed value kept as a latin1 string (a copy; a Uint8Array comes back as it is). */
export const sealedBytes = (sealed: Sealed): Uint8Array =>
  typeof sealed === 'string' ? Buffer.from(sealed, 'latin1') : sealed

/** A sealed value as a latin1 string, one character per byte. */
export const sealedText = (sealed: Uint8Array): string =>
  Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length).toString('latin1')

/**
 * One AEAD behind one shape. A sealed value is a single buffer: nonce, then ciphertext, then the
 * 16-byte tag, so a slot holds one allocation and the nonce travels with what it sealed.
 */
export interface Aead {
  readonly name: CipherName
  readonly implementation: CryptoImplementation
  readonly nonceBytes: number
  /** A fresh random nonce per call; returns nonce ‖ ciphertext ‖ tag. */
  seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array
  /** The plaintext (the caller owns and should zero it); throws when authentication fails. */
  open(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Uint8Array
  /**
   * The plaintext decoded as text (text-codec.ts); the bytes it was decoded from are zeroed before this
   * returns. Throws when authentication fails.
   */
  openText(key: Uint8Array, sealed: Sealed, aad: Uint8Array, kind: TextKind): string
}
