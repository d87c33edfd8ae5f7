import { xchacha20poly1305 as noble } from '@noble/ciphers/chacha.js'
import type { Aead } from './aead.js'

const NONCE = 24
const TAG = 16

/** XChaCha20-Poly1305 via @noble/ciphers: pure JavaScript, for runtimes without node:crypto. */
export const xchacha20poly1305: Aead = {
  name: 'xchacha20-poly1305',
  nonceBytes: NONCE,
  seal(key, plaintext, aad) {
    const out = new Uint8Array(NONCE + plaintext.length + TAG)
    const nonce = globalThis.crypto.getRandomValues(out.subarray(0, NONCE))
    noble(key, nonce, aad).encrypt(plaintext, out.subarray(NONCE))
    return out
  },
  open(key, sealed, aad) {
    if (sealed.length < NONCE + TAG) throw new RangeError('sealed value too short')
    return noble(key, sealed.subarray(0, NONCE), aad).decrypt(sealed.subarray(NONCE))
  },
}
