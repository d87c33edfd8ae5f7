import { REDACTED } from './secret.js'

/**
 * Finds secrets in text in the forms messages carry them, not only raw: a validator may quote its
 * input through `JSON.stringify`, `util.inspect` or a template, a URL percent-encodes it, an auth
 * header base64-encodes it. Each character of a secret may appear raw, backslash-escaped (JSON,
 * JavaScript, inspect: `\"`, `\\`, `\t`, `\xHH`, `\uHHHH`, `\u{H}`, escaped again any number of
 * times) or percent-encoded (any case, `+` for a space); the whole secret may also appear as
 * base64 or base64url (at any byte alignment, so also inside a longer encoded string) or hex.
 */
export class SecretForms {
  private readonly patterns: RegExp[]
  private readonly literals: string[]

  constructor(secrets: Iterable<string>) {
    const unique = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)
    this.patterns = unique.map((s) => new RegExp([...s].map(characterForms).join(''), 'g'))
    this.literals = [...new Set(unique.flatMap(encodedForms))].sort((a, b) => b.length - a.length)
  }

  /** The text with every form of every secret replaced by `[redacted]`. */
  scrub(text: string): string {
    let out = text
    for (const pattern of this.patterns) out = out.replace(pattern, REDACTED)
    for (const literal of this.literals) out = out.split(literal).join(REDACTED)
    return out
  }

  /** Whether the text holds any form of any secret. */
  foundIn(text: string): boolean {
    return this.scrub(text) !== text
  }
}

/** Shortest base64 or hex run scrubbed: shorter runs would blank ordinary words. */
const MIN_ENCODED_LENGTH = 4

const NAMED_ESCAPES: Record<string, string> = {
  '\t': 't',
  '\n': 'n',
  '\r': 'r',
  '\b': 'b',
  '\f': 'f',
  '\v': 'v',
  '\0': '0',
}

function characterForms(char: string): string {
  const code = char.codePointAt(0)!
  const escapes = [escapeRegExp(char), `u\\{0*${hex(code)}\\}`]
  if (code <= 0xffff) escapes.push(`u${hex(code, 4)}`)
  else escapes.push(`u${hex(char.charCodeAt(0), 4)}\\\\+u${hex(char.charCodeAt(1), 4)}`)
  if (code < 0x100) escapes.push(`x${hex(code, 2)}`)
  if (NAMED_ESCAPES[char]) escapes.push(NAMED_ESCAPES[char])
  const percent = [...new TextEncoder().encode(char)].map((byte) => `%${hex(byte, 2)}`).join('')
  const forms = [escapeRegExp(char), `\\\\+(?:${escapes.join('|')})`, percent]
  if (char === ' ') forms.push('\\+')
  return `(?:${forms.join('|')})`
}

/** A case-insensitive pattern for a number in hex, padded to `width` digits. */
function hex(value: number, width = 1): string {
  return [...value.toString(16).padStart(width, '0')]
    .map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
    .join('')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** The base64, base64url and hex runs that any encoding of a longer text containing `secret` must contain. */
function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const out: string[] = []
  for (let offset = 0; offset < 3; offset++) {
    const base64 = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    // Only the characters whose 6 bits all come from the secret, whatever surrounds it.
    const core = base64.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6))
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  out.push(bytes.toString('hex'), bytes.toString('hex').toUpperCase())
  return out.filter((form) => form.length >= MIN_ENCODED_LENGTH)
}
