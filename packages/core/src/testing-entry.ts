// `@paramkit/core/testing`: the internals tests, benchmarks and the security suite reach into.
// No application or backend needs these; they may change in any release.
export { minimalCapabilities } from './backend.js'
export { EncryptedCache } from './cache/encrypted-cache.js'
export { cacheDefaults } from './cache/options.js'
export { CIPHER_NAMES } from './crypto/ciphers.js'
export { encodeAad, seal } from './crypto/seal.js'
export { SecretForms } from './secret-forms.js'

/** A sealed slot's value with one byte XORed with `mask` (slots keep it as a latin1 string): for tamper tests. */
export function flipSealedByte(sealed: string, at: number, mask: number): string {
  const i = at % sealed.length
  return sealed.slice(0, i) + String.fromCharCode(sealed.charCodeAt(i) ^ mask) + sealed.slice(i + 1)
}
