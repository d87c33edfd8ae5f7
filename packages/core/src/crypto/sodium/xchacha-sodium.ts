import { decodeText } from '../../cache/text-codec.js'
import type { Aead } from '../aead.js'
import { OpenScratch } from '../open-scratch.js'
import type { Sodium } from './native.js'

const NONCE = 24
const TAG = 16

/**
 * XChaCha20-Poly1305 (IETF) through libsodium: the same bytes as the @noble/ciphers implementation
 * (xchacha.ts), without a per-call cipher context. An open allocates nothing but its result: the sealed
 * value is copied into a scratch buffer kept per size, whose nonce and body views are made once
 * (open-scratch.ts); text is decrypted into a scratch buffer, decoded, and that buffer zeroed.
 */
export function xchacha20poly1305Sodium(native: Sodium): Aead {
  const scratch = new OpenScratch(NONCE, TAG)
  return {
    name: 'xchacha20-poly1305',
    implementation: 'libsodium',
    nonceBytes: NONCE,
    seal(key, plaintext, aad) {
      const out = new Uint8Array(NONCE + plaintext.length + TAG)
      const nonce = out.subarray(0, NONCE)
      native.randombytes_buf(nonce)
      native.crypto_aead_xchacha20poly1305_ietf_encrypt(out.subarray(NONCE), plaintext, aad, null, nonce, key)
      return out
    },
    open(key, sealed, aad) {
      const { nonce, body } = scratch.load(sealed)
      // The caller's own buffer: the only allocation of a bytes open.
      const plain = new Uint8Array(body.length - TAG)
      native.crypto_aead_xchacha20poly1305_ietf_decrypt(plain, null, body, aad, nonce, key)
      return plain
    },
    openText(key, sealed, aad, kind) {
      const { nonce, body, plain } = scratch.load(sealed)
      try {
        native.crypto_aead_xchacha20poly1305_ietf_decrypt(plain, null, body, aad, nonce, key)
        return decodeText(plain, kind)
      } finally {
        plain.fill(0)
      }
    },
  }
}
