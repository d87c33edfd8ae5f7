import { xchacha20poly1305 as noble } from '@noble/ciphers/chacha.js'
import { decodeText } from '../cache/text-codec.js'
import { type Aead, sealedBytes } from './aead.js'

const NONCE = 24
const TAG = 16

/**
 * XChaCha20-Poly1305 (IETF) via @noble/ciphers: pure JavaScript, the fallback where libsodium does not
 * load (sodium/xchacha-sodium.ts makes and opens the same bytes).
 */
export const xchacha20poly1305Noble: Aead = {
  name: 'xchacha20-poly1305',
  implementation: 'noble',
  nonceBytes: NONCE,
  seal(key, plaintext, aad) {
    const out = new Uint8Array(NONCE + plaintext.length + TAG)
    const nonce = globalThis.crypto.getRandomValues(out.subarray(0, NONCE))
    noble(key, nonce, aad).encrypt(plaintext, out.subarray(NONCE))
    return out
  },
  open(key, sealed, aad) {
    if (sealed.length < NONCE + TAG) throw new RangeError('sealed value too short')
    const bytes = sealedBytes(sealed)
    return noble(key, bytes.subarray(0, NONCE), aad).decrypt(bytes.subarray(NONCE))
  },
  openText(key, sealed, aad, kind) {
    const plaintext = this.open(key, sealed, aad)
    try {
      return decodeText(plaintext, kind)
    } finally {
      plaintext.fill(0)
    }
  },
}
