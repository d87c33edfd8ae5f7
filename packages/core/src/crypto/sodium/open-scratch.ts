/** A sealed value's copy with its nonce and body views, and a plaintext buffer, for one sealed length. */
interface Views {
  sealed: Uint8Array
  nonce: Uint8Array
  body: Uint8Array
  plain: Uint8Array
}

/** Sealed lengths up to this keep their buffers; longer ones get fresh buffers per open. */
const MAX_KEPT_BYTES = 64 * 1024
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
  plainLength(sealed: Uint8Array): number {
    const length = sealed.length - this.nonceBytes - this.tagBytes
    if (length < 0) throw new RangeError('sealed value too short')
    return length
  }

  /** `sealed` copied into the kept buffer of its length, as nonce and body views. */
  load(sealed: Uint8Array): Views {
    const views = this.viewsFor(sealed.length)
    views.sealed.set(sealed)
    return views
  }

  /** The kept plaintext buffer for this plaintext length (zero it after use). */
  plain(length: number): Uint8Array {
    return this.viewsFor(length + this.nonceBytes + this.tagBytes).plain
  }

  private viewsFor(sealedLength: number): Views {
    const known = this.byLength.get(sealedLength)
    if (known) return known
    const sealed = new Uint8Array(sealedLength)
    const views = {
      sealed,
      nonce: sealed.subarray(0, this.nonceBytes),
      body: sealed.subarray(this.nonceBytes),
      plain: new Uint8Array(sealedLength - this.nonceBytes - this.tagBytes),
    }
    if (sealedLength > MAX_KEPT_BYTES) return views
    if (this.byLength.size >= MAX_LENGTHS) this.byLength.delete(this.byLength.keys().next().value!)
    this.byLength.set(sealedLength, views)
    return views
  }
}
