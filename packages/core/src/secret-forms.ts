import { inspect } from 'node:util'
import { type Canonical, canonical } from './scrub/canonical.js'
import { MultiSearch } from './scrub/multi-search.js'
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
 * form (scrub/canonical.ts: escapes undone, with a map back to the text), and every secret's canonical form
 * and encoded forms are found by one multi-pattern literal search (Aho-Corasick, scrub/multi-search.ts).
 */
export class SecretForms {
  /** Canonical forms, searched in the text's canonical form. */
  private readonly canonicals: MultiSearch
  /** Forms searched in the text as it is. */
  private readonly literals: MultiSearch

  constructor(secrets: Iterable<string>) {
    const canonicals = new Set<string>()
    const literals = new Set<string>()
    for (const secret of new Set(secrets)) {
      if (secret.length === 0) continue
      const form = canonical(secret).text
      // A secret made mostly of backslashes has a short canonical form that would blank ordinary text:
      // such a secret is searched in its exact escaped forms only.
      const searched = form.length >= MIN_CANONICAL_LENGTH || form.length === secret.length
      if (searched) canonicals.add(form)
      // The canonical search finds escaped forms; the raw, once-escaped and URL-encoded ones are also
      // searched as they are: for a secret right after a backslash in the text (whose canonical form the
      // backslash changes), and for a secret holding `%HH` (decoded once in the canonical form).
      const exact = exactForms(secret)
      for (const literal of searched ? exact.slice(0, 5) : exact) literals.add(literal)
      for (const literal of encodedForms(secret)) literals.add(literal)
    }
    this.canonicals = new MultiSearch(canonicals)
    this.literals = new MultiSearch(literals)
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
    const spans = this.literals.spans(text, first)
    if ((first && spans.length > 0) || this.canonicals.empty) return spans
    const form: Canonical = canonical(text)
    for (const [from, to] of this.canonicals.spans(form.text, first))
      spans.push([form.starts[from]!, form.ends[to - 1]!])
    return spans
  }
}

/** Shortest canonical form searched, and shortest base64 or hex run: shorter ones would blank ordinary words. */
const MIN_CANONICAL_LENGTH = 4
const MIN_ENCODED_LENGTH = 4

/** The secret raw and exactly as the usual quotings escape it (JSON once to three times, inspect, URLs). */
function exactForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1)
  const forms = [secret, json, inspect(secret).slice(1, -1), encodeURIComponent(secret)]
  forms.push(new URLSearchParams({ v: secret }).toString().slice(2))
  forms.push(JSON.stringify(json).slice(1, -1), JSON.stringify(JSON.stringify(json)).slice(1, -1))
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
