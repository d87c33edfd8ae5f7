// The bare AEAD open of one sealed value, as a cache that did nothing else would do it: the ceiling of a
// sealed read, in the hits suite and in the service suite's sealed plain-object routes.
import { createDecipheriv } from 'node:crypto'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { encodeAad, seal } from '@paramkit/core/testing'
import sodium from 'sodium-native'

/** The bare open of one sealed value, as a cache that did nothing else would do it. */
export function bareOpens(value) {
  const decoder = new TextDecoder()
  // A plain key of its own (a provider's key is guarded memory, locked while idle).
  const key = globalThis.crypto.getRandomValues(new Uint8Array(32))
  const context = { namespace: 'paramkit:ssm', key: '/bench/hits/value', version: '1', keyId: 'k' }
  const aad = encodeAad(context)
  const plaintext = new TextEncoder().encode(value)
  const aes = seal(plaintext, key, context, 'aes-256-gcm').sealed
  const xchacha = seal(plaintext, key, context, 'xchacha20-poly1305').sealed
  return {
    aes() {
      const decipher = createDecipheriv('aes-256-gcm', key, aes.subarray(0, 12), { authTagLength: 16 })
      decipher.setAAD(aad)
      decipher.setAuthTag(aes.subarray(aes.length - 16))
      const out = decipher.update(aes.subarray(12, aes.length - 16))
      decipher.final()
      return decoder.decode(out)
    },
    xchacha: () =>
      decoder.decode(xchacha20poly1305(key, xchacha.subarray(0, 24), aad).decrypt(xchacha.subarray(24))),
    /** libsodium's XChaCha20-Poly1305 (IETF) open into a fresh buffer, decoded, then zeroed. */
    libsodium() {
      const out = new Uint8Array(xchacha.length - 40)
      sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        out,
        null,
        xchacha.subarray(24),
        aad,
        xchacha.subarray(0, 24),
        key,
      )
      const text = decoder.decode(out)
      out.fill(0)
      return text
    },
  }
}
