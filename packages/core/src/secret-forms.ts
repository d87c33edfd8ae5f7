import { inspect } from 'node:util'
import { type Canonical, canonical } from './scrub/canonical.js'
import { REDACTED } from './secret.js'

/**
 * Finds secrets in text in the forms messages carry them, not only raw: a validator may quote its
 * input through `JSON.stringify`, `util.inspect` or a template, a URL percent-encodes it, an auth
 * header base64-encodes it. A secret is found raw, backslash-escaped (JSON, JavaScript, inspect: `\"`,
 * `\\`, `\t`, `\xHH`, `\uHHHH`, `\u{H}`, escaped again any number of times), percent-encoded (any case,
 * `+` for a space), as base64 or base64url (at any byte alignment, so also inside a longer encoded
 * string) or hex.
 *
 * In linear time, with no regular expression built from secret text: the text is put once in canonical
 * form (scrub/canonical.ts: escapes undone, with a map back to the text), and each secret's canonical form
 * and its encoded forms are found by literal search (`indexOf`).
 */
export class SecretForms {
  /** Canonical forms searched in the text's canonical form. */
  private readonly canonicals: string[]
  /** Forms searched in the text as it is. */
  private readonly literals: string[]

  constructor(secrets: Iterable<string>) {
    const unique = [...new Set(secrets)].filter((s) => s.length > 0)
    const canonicals = new Set<string>()
    const literals = new Set<string>()
    for (const secret of unique) {
      const form = canonical(secret).text
      // A secret made mostly of backslashes has a short canonical form that would blank ordinary text:
      // such a secret is searched in its exact escaped forms only.
      if (form.length >= MIN_CANONICAL_LENGTH || form.length === secret.length) canonicals.add(form)
      for (const literal of [...exactForms(secret), ...encodedForms(secret)]) literals.add(literal)
    }
    this.canonicals = [...canonicals].filter((s) => s.length > 0)
    this.literals = [...literals].filter((s) => s.length > 0)
  }

  /** The text with every form of every secret replaced by `[redacted]`. */
  scrub(text: string): string {
    const spans = this.spans(text)
    if (spans.length === 0) return text
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1])
    let out = ''
    let at = 0
    let start = -1
    let end = -1
    for (const [from, to] of spans) {
      if (start >= 0 && from < end) {
        end = Math.max(end, to)
        continue
      }
      if (start >= 0) {
        out += `${text.slice(at, start)}${REDACTED}`
        at = end
      }
      start = from
      end = to
    }
    out += `${text.slice(at, start)}${REDACTED}${text.slice(end)}`
    return out
  }

  /** Whether the text holds any form of any secret. */
  foundIn(text: string): boolean {
    return this.spans(text, true).length > 0
  }

  /** Where forms of secrets lie in `text`, as [start, end) pairs (overlapping ones included). */
  private spans(text: string, first = false): [number, number][] {
    const spans: [number, number][] = []
    for (const literal of this.literals) {
      for (let i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + 1)) {
        spans.push([i, i + literal.length])
        if (first) return spans
      }
    }
    if (this.canonicals.length === 0) return spans
    const form: Canonical = canonical(text)
    for (const secret of this.canonicals) {
      for (let i = form.text.indexOf(secret); i >= 0; i = form.text.indexOf(secret, i + 1)) {
        spans.push([form.starts[i]!, form.ends[i + secret.length - 1]!])
        if (first) return spans
      }
    }
    return spans
  }
}

/** Shortest canonical form searched, and shortest base64 or hex run: shorter ones would blank ordinary words. */
const MIN_CANONICAL_LENGTH = 4
const MIN_ENCODED_LENGTH = 4

/** The secret raw and exactly as the usual quotings escape it (JSON once to three times, inspect, URLs). */
function exactForms(secret: string): string[] {
  const forms = [secret, inspect(secret).slice(1, -1), encodeURIComponent(secret)]
  forms.push(new URLSearchParams({ v: secret }).toString().slice(2))
  let json = secret
  for (let k = 0; k < 3; k++) {
    json = JSON.stringify(json).slice(1, -1)
    forms.push(json)
  }
  return forms
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
