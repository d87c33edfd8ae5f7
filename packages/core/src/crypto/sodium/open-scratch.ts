import type { Sealed } from '../aead.js'

/** A sealed value's copy with its nonce and body views, and a plaintext buffer, for one sealed length. */
interface Views {
  sealed: Buffer
  nonce: Uint8Array
  body: Uint8Array
  plain: Uint8Array
}

/**
 * Sealed lengths up to this keep their buffers. A longer value is opened through views of its own buffer
 * into a fresh plaintext buffer: beside its open, two small views cost nothing, and a copy would.
 */
const MAX_KEPT_BYTES = 16 * 1024
/** Distinct sealed lengths kept (the oldest goes first). */
const MAX_LENGTHS = 64

/**
 * Buffers reused across opens, per sealed length, so an open makes no views and no plaintext buffer of
 * its own. What they hold between opens: ciphertext (not secret) and a zeroed plaintext buffer. Single
 * threaded and synchronous: each open finishes with the buffers before the next starts.
 */
export class OpenScratch {
  private readonly byLength = new Map<number, Views>()

  constructor(
    private readonly nonceBytes: number,
    private readonly tagBytes: number,
  ) {}

  /** The plaintext length of `sealed`; RangeError when it cannot hold a nonce and a tag. */
  plainLength(sealed: Sealed): number {
    const length = sealed.length - this.nonceBytes - this.tagBytes
    if (length < 0) throw new RangeError('sealed value too short')
    return length
  }

  /** `sealed` as nonce and body views: of the kept buffer of its length, copied in, or of `sealed` itself. */
  load(sealed: Sealed): Pick<Views, 'nonce' | 'body'> {
    if (sealed.length > MAX_KEPT_BYTES) {
      const bytes = typeof sealed === 'string' ? Buffer.from(sealed, 'latin1') : sealed
      return { nonce: bytes.subarray(0, this.nonceBytes), body: bytes.subarray(this.nonceBytes) }
    }
    const views = this.viewsFor(sealed.length)
    // A slot's latin1 string is written straight into the kept buffer: no Buffer made per open.
    if (typeof sealed === 'string') views.sealed.write(sealed, 0, 'latin1')
    else views.sealed.set(sealed)
    return views
  }

  /** The kept plaintext buffer for this plaintext length, or a fresh one for a long value (zero it after use). */
  plain(length: number): Uint8Array {
    const sealedLength = length + this.nonceBytes + this.tagBytes
    return sealedLength > MAX_KEPT_BYTES ? new Uint8Array(length) : this.viewsFor(sealedLength).plain
  }

  private viewsFor(sealedLength: number): Views {
    const known = this.byLength.get(sealedLength)
    if (known) return known
    const sealed = Buffer.alloc(sealedLength)
    const views = {
      sealed,
      nonce: sealed.subarray(0, this.nonceBytes),
      body: sealed.subarray(this.nonceBytes),
      plain: new Uint8Array(sealedLength - this.nonceBytes - this.tagBytes),
    }
    if (this.byLength.size >= MAX_LENGTHS) this.byLength.delete(this.byLength.keys().next().value!)
    this.byLength.set(sealedLength, views)
    return views
  }
}
