import { createHmac, type Hmac, randomBytes } from 'node:crypto'
import type { Entry } from '../backend.js'
import type { SnapshotContent } from './snapshot.js'

/**
 * Tells whether snapshot content changed, without keeping it: an HMAC-SHA-256 of the content under a
 * random key that lives only in this object. Only the digest is kept, and without the key a digest
 * cannot confirm a guessed value offline. Listings and entries are taken in a canonical order, and
 * every field is length-framed, so the same content always gives the same digest here and different
 * content (a value, a version, a name, a listing) a different one.
 */
export class ContentDigest {
  readonly #key = randomBytes(32)

  of(content: SnapshotContent): string {
    const mac = createHmac('sha256', this.#key)
    const paths = Object.keys(content.listings).sort()
    frame(mac, 'L', JSON.stringify(paths.map((path) => [path, [...content.listings[path]!].sort()])))
    const entries = [...content.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      frame(mac, 'M', JSON.stringify(metadata(entry)))
      if (typeof entry.value === 'string') frame(mac, 'S', entry.value)
      else frame(mac, 'B', entry.value)
    }
    return mac.digest('base64')
  }
}

/** A tag, the length, then the bytes; strings as UTF-16 code units, so lone surrogates count as themselves. */
function frame(mac: Hmac, tag: string, data: string | Uint8Array): void {
  const length = typeof data === 'string' ? data.length * 2 : data.byteLength
  mac.update(`${tag}${length}:`)
  if (typeof data === 'string') mac.update(data, 'utf16le')
  else mac.update(data)
}

/** Everything of an entry but its value, in a fixed order. */
function metadata(entry: Entry): unknown[] {
  return [
    entry.name,
    entry.type,
    entry.version,
    entry.selector ?? null,
    entry.stages ?? null,
    entry.labels ?? null,
    time(entry.lastModified),
    time(entry.rotatesAt),
    time(entry.expiresAt),
    entry.sensitive,
  ]
}

/** Milliseconds of a date, whether it is a `Date` or the ISO string a snapshot file gave back. */
function time(date: Date | string | undefined): number | null {
  return date === undefined ? null : new Date(date).getTime()
}
