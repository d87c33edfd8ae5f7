import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto'
import { decodeText } from '../cache/text-codec.js'
import type { Aead, Sealed } from './aead.js'
import { OpenScratch } from './open-scratch.js'

const NONCE = 12
const TAG = 16

/**
 * AES-256-GCM through node:crypto with a random 96-bit nonce. Random 96-bit nonces are safe only
 * for a bounded number of seals per key: key rings cap it (see MAX_SEALS_PER_KEY).
 */
export const aes256gcm: Aead = {
  name: 'aes-256-gcm',
  implementation: 'node',
  nonceBytes: NONCE,
  seal(key, plaintext, aad) {
    const out = new Uint8Array(NONCE + plaintext.length + TAG)
    const nonce = randomFillSync(out, 0, NONCE).subarray(0, NONCE)
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG })
    cipher.setAAD(aad)
    const body = cipher.update(plaintext)
    out.set(body, NONCE)
    cipher.final()
    out.set(cipher.getAuthTag(), NONCE + body.length)
    return out
  },
  open(key, sealed, aad) {
    const plaintext = openAesGcm(key, sealed, aad)
    // A plain Uint8Array view, so binary values come back as the type the backend gave.
    return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.length)
  },
  openText(key, sealed, aad, kind) {
    // node:crypto allocates the plaintext Buffer itself; it is zeroed once decoded.
    const plaintext = openAesGcm(key, sealed, aad)
    try {
      return decodeText(plaintext, kind)
    } finally {
      plaintext.fill(0)
    }
  },
}

const scratch = new OpenScratch(NONCE, TAG)

/**
 * Opens nonce ‖ ciphertext ‖ tag (bytes, or a slot's latin1 string, read through buffers kept per length);
 * throws when authentication fails. The caller owns the plaintext.
 */
export function openAesGcm(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Buffer {
  const { nonce, ciphertext, tag } = scratch.load(sealed)
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG })
  decipher.setAAD(aad)
  decipher.setAuthTag(tag)
  const plaintext = decipher.update(ciphertext)
  try {
    decipher.final()
  } catch (error) {
    plaintext.fill(0)
    throw error
  }
  return plaintext
}
