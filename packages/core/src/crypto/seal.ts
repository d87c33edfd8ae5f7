import type { TextKind } from '../cache/text-codec.js'
import { IntegrityError } from '../errors.js'
import { aeadFor, type CipherName, defaultCipher } from './ciphers.js'

/** What a sealed value is bound to: moving its ciphertext to any other slot fails authentication. */
export interface SealContext {
  namespace: string
  key: string
  version: string
  keyId: string
}

export interface SealedBox {
  keyId: string
  cipher: CipherName
  /** Nonce ‖ ciphertext ‖ 16-byte tag, in one buffer. */
  sealed: Uint8Array
}

const encoder = new TextEncoder()

/** Length-prefixed fields, so ("a","bc") and ("ab","c") never give the same AAD. One allocation. */
export function encodeAad(context: SealContext): Uint8Array {
  const fields = [context.namespace, context.key, context.version, context.keyId]
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const out = new Uint8Array(fields.reduce((n, f) => n + 4 + f.length * 3, 0))
  const view = new DataView(out.buffer)
  let offset = 0
  for (const field of fields) {
    const { written } = encoder.encodeInto(field, out.subarray(offset + 4))
    view.setUint32(offset, written)
    offset += 4 + written
  }
  return out.subarray(0, offset)
}

/** Seals under `cipher` (default XChaCha20-Poly1305) with a random nonce; AAD binds namespace, key, version and key id. */
export function seal(
  plaintext: Uint8Array,
  dataKey: Uint8Array,
  context: SealContext,
  cipher: CipherName = defaultCipher,
  aad = encodeAad(context),
): SealedBox {
  return {
    keyId: context.keyId,
    cipher,
    sealed: aeadFor(cipher).seal(dataKey, plaintext, aad),
  }
}

/**
 * Opens a box or throws IntegrityError; the caller owns (and should zero) the plaintext. `aad` is
 * `encodeAad(context)`, passed by callers that open the same box often and keep it.
 */
export function open(
  box: SealedBox,
  dataKey: Uint8Array,
  context: SealContext,
  aad = encodeAad(context),
): Uint8Array {
  checkKeyId(box, context)
  try {
    return aeadFor(box.cipher).open(dataKey, box.sealed, aad)
  } catch (cause) {
    throw failed(context, cause)
  }
}

/** Opens a box as text (text-codec.ts) or throws IntegrityError; the decrypted bytes are zeroed. */
export function openText(
  box: SealedBox,
  dataKey: Uint8Array,
  context: SealContext,
  kind: TextKind,
  aad = encodeAad(context),
): string {
  checkKeyId(box, context)
  try {
    return aeadFor(box.cipher).openText(dataKey, box.sealed, aad, kind)
  } catch (cause) {
    throw failed(context, cause)
  }
}

function checkKeyId(box: SealedBox, context: SealContext): void {
  if (box.keyId === context.keyId) return
  throw new IntegrityError(`Sealed value for "${context.key}" names another data key`, {
    key: context.key,
    operation: 'open',
  })
}

function failed(context: SealContext, cause: unknown): IntegrityError {
  return new IntegrityError(`Sealed value for "${context.key}" failed authentication`, {
    key: context.key,
    operation: 'open',
    cause,
  })
}
