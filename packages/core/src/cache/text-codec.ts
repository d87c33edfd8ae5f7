/**
 * Strings to bytes and back, code unit for code unit. Well-formed text goes as UTF-8 (compact, and what
 * the cipher benchmarks assume); text with a lone surrogate, which UTF-8 cannot carry, goes as UTF-16LE.
 * The decoder keeps a leading U+FEFF: a value comes back exactly as the backend gave it.
 */
export type TextKind = 'string' | 'utf16'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

export function encodeText(value: string): { bytes: Uint8Array; kind: TextKind } {
  if (isWellFormed(value)) return { bytes: encoder.encode(value), kind: 'string' }
  const bytes = new Uint8Array(value.length * 2)
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    bytes[2 * i] = unit & 0xff
    bytes[2 * i + 1] = unit >>> 8
  }
  return { bytes, kind: 'utf16' }
}

/** ES2024's String.prototype.isWellFormed (Node 20+), which the ES2023 lib does not declare. */
const isWellFormed = (value: string): boolean =>
  (value as string & { isWellFormed(): boolean }).isWellFormed()

export function decodeText(bytes: Uint8Array, kind: TextKind): string {
  if (kind === 'string') return decoder.decode(bytes)
  let out = ''
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8))
  return out
}
