/**
 * One left-to-right pass that undoes the escapes a message may wrap a secret in, keeping where each
 * character came from. Text and secrets go through the same pass, so a secret is found in a message by a
 * literal search of its canonical form in the message's: no regular expression built from secret text,
 * no backtracking, time linear in the text.
 *
 * - a run of backslashes and the escape after it (`\"`, `\\\t`, `\xHH`, `\uHHHH`, `\u{H}`, any number
 *   of backslashes, so a value escaped again any number of times) gives the escaped character; a run
 *   before anything else is dropped, and so is every backslash character;
 * - `%HH` runs (any case) are decoded as UTF-8, and `+` reads as a space (form encoding).
 */
export interface Canonical {
  /** The canonical text, in UTF-16 code units. */
  text: string
  /** For each code unit of `text`, where its source starts and ends in the input. */
  starts: Int32Array
  ends: Int32Array
}

const NAMED: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' }

export function canonical(input: string): Canonical {
  const n = input.length
  // Never longer than the input: every escape that gives two code units spans more than two characters.
  const units = new Uint16Array(n)
  const starts = new Int32Array(n)
  const ends = new Int32Array(n)
  let length = 0
  const emit = (unit: number, from: number, to: number) => {
    if (unit === 0x5c) return // a backslash: never part of a canonical form
    starts[length] = from
    ends[length] = to
    units[length++] = unit === 0x2b ? 0x20 : unit
  }
  const emitCodePoint = (cp: number, from: number, to: number) => {
    if (cp > 0xffff) {
      emit(0xd800 + ((cp - 0x10000) >> 10), from, to)
      emit(0xdc00 + ((cp - 0x10000) & 0x3ff), from, to)
    } else emit(cp, from, to)
  }
  let i = 0
  while (i < n) {
    const c = input.charCodeAt(i)
    if (c === 0x5c) {
      let j = i
      while (j < n && input.charCodeAt(j) === 0x5c) j++
      if (j >= n) break
      const found = escapeAt(input, j)
      if (found) emitCodePoint(found.cp, i, found.end)
      // Not an escape after all: the backslashes are dropped, the character read as itself next.
      i = found ? found.end : j
    } else if (c === 0x25 && hexAt(input, i + 1, 2) >= 0) {
      i = percentRun(input, i, emitCodePoint)
    } else {
      // The common case, inline: a character that stands for itself ('+' reads as a space).
      starts[length] = i
      ends[length] = i + 1
      units[length++] = c === 0x2b ? 0x20 : c
      i++
    }
  }
  return { text: decodeUnits(units.subarray(0, length)), starts, ends }
}

/** The escape starting at `at` (just after its backslashes): its character and where it ends. */
function escapeAt(input: string, at: number): { cp: number; end: number } | undefined {
  const ch = input[at]!
  if (ch in NAMED) return { cp: NAMED[ch]!.charCodeAt(0), end: at + 1 }
  if (ch === 'x') {
    const value = hexAt(input, at + 1, 2)
    if (value >= 0) return { cp: value, end: at + 3 }
  }
  if (ch === 'u') {
    const value = hexAt(input, at + 1, 4)
    if (value >= 0) return { cp: value, end: at + 5 }
    if (input[at + 1] === '{') {
      const close = input.indexOf('}', at + 2)
      const digits = close - at - 2
      if (close > 0 && digits >= 1 && digits <= 8) {
        const cp = hexAt(input, at + 2, digits)
        if (cp >= 0 && cp <= 0x10ffff) return { cp, end: close + 1 }
      }
    }
  }
  return undefined
}

/** A `%HH` run decoded as UTF-8, one code point at a time; a byte that starts no valid sequence reads as Latin-1. */
function percentRun(
  input: string,
  from: number,
  emit: (cp: number, from: number, to: number) => void,
): number {
  let i = from
  while (i < input.length && input.charCodeAt(i) === 0x25) {
    const lead = hexAt(input, i + 1, 2)
    if (lead < 0) break
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0
    let cp = length === 1 ? lead : lead & (0xff >> (length + 1))
    let ok = length > 0
    for (let k = 1; ok && k < length; k++) {
      const byte = input.charCodeAt(i + 3 * k) === 0x25 ? hexAt(input, i + 3 * k + 1, 2) : -1
      if (byte < 0x80 || byte > 0xbf) ok = false
      else cp = (cp << 6) | (byte & 0x3f)
    }
    const end = i + 3 * (ok ? length : 1)
    emit(ok ? cp : lead, i, end)
    i = end
  }
  return i
}

/** The value of `width` hex digits at `at`, or -1. */
function hexAt(input: string, at: number, width: number): number {
  if (at + width > input.length) return -1
  let value = 0
  for (let k = 0; k < width; k++) {
    const c = input.charCodeAt(at + k)
    const digit =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : c >= 0x61 && c <= 0x66
          ? c - 87
          : c >= 0x41 && c <= 0x46
            ? c - 55
            : -1
    if (digit < 0) return -1
    value = value * 16 + digit
  }
  return value
}

/** Code units as a string, in chunks that stay under the argument limit. */
function decodeUnits(units: Uint16Array): string {
  let text = ''
  for (let k = 0; k < units.length; k += 8192)
    text += String.fromCharCode.apply(null, units.subarray(k, k + 8192) as unknown as number[])
  return text
}
