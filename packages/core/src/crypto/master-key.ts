import { ValidationError } from '../errors.js'
import { KEY_BYTES } from './ciphers.js'

/** Key material as bytes, or as text with its encoding named (a key is never a passphrase). */
export type MasterKeyInput = Uint8Array | { key: string; encoding: 'base64' | 'base64url' | 'hex' }

const ENCODINGS = new Set(['base64', 'base64url', 'hex'])

/**
 * The 32 bytes of a master key, checked: exactly 32 bytes of key material (a string is refused unless its
 * encoding is named), and not a constant, repeated-pattern or low-variety key, which a reader
 * could guess. ValidationError naming the rule; never the key.
 */
export function masterKeyBytes(input: MasterKeyInput): Uint8Array {
  const bytes = decode(input)
  if (bytes.length !== KEY_BYTES)
    throw invalid(`must be ${KEY_BYTES} bytes of key material, not ${bytes.length}`, 'master-key-length')
  if (isWeak(bytes)) {
    bytes.fill(0)
    throw invalid(
      'is a constant or repeated-pattern value; use 32 random bytes (e.g. crypto.randomBytes(32))',
      'master-key-weak',
    )
  }
  return bytes
}

function decode(input: MasterKeyInput): Uint8Array {
  if (input instanceof Uint8Array) return new Uint8Array(input)
  if (typeof input === 'string')
    throw invalid(
      "is a string: pass bytes, or { key, encoding: 'base64' | 'base64url' | 'hex' } (a passphrase is not a key)",
      'master-key-encoding',
    )
  const { key, encoding } = (input ?? {}) as { key?: unknown; encoding?: unknown }
  if (typeof key !== 'string' || typeof encoding !== 'string' || !ENCODINGS.has(encoding))
    throw invalid(
      "must be bytes or { key: string, encoding: 'base64' | 'base64url' | 'hex' }",
      'master-key-encoding',
    )
  const pattern = encoding === 'hex' ? /^(?:[0-9a-fA-F]{2})*$/ : /^[A-Za-z0-9+/_-]*={0,2}$/
  if (!pattern.test(key)) throw invalid(`is not valid ${encoding}`, 'master-key-encoding')
  return new Uint8Array(Buffer.from(key, encoding as BufferEncoding))
}

/** Constant, a pattern repeating with a period of at most 16 bytes, or fewer than 8 distinct bytes. */
function isWeak(bytes: Uint8Array): boolean {
  for (let period = 1; period <= bytes.length / 2; period++) {
    let repeats = true
    for (let i = period; repeats && i < bytes.length; i++) repeats = bytes[i] === bytes[i - period]
    if (repeats) return true
  }
  return new Set(bytes).size < 8
}

function invalid(what: string, rule: string): ValidationError {
  return new ValidationError(`localKeyProvider masterKey ${what} (rule: ${rule})`, { operation: 'key', rule })
}
