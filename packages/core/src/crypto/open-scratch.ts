import type { Sealed } from './aead.js'

/** Views of a sealed value (nonce ‖ ciphertext ‖ tag): `body` is ciphertext ‖ tag. */
export interface SealedViews {
  nonce: Uint8Array
  body: Uint8Array
  ciphertext: Uint8Array
  tag: Uint8Array
}

/** Views of a sealed value and a plaintext buffer of its length (kept and reused, or fresh for a long value). */
export interface OpenViews extends SealedViews {
  plain: Uint8Array
}

/** A kept copy of a sealed value with its views, and a plaintext buffer, for one sealed length. */
interface Kept extends OpenViews {
  sealed: Buffer
}

/**
 * Sealed lengths up to this keep their buffers. A longer value is opened through views of its own bytes
 * into a fresh plaintext buffer: beside its open, a few small views cost nothing, and a copy would.
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
  private readonly byLength = new Map<number, Kept>()

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

  /**
   * `sealed` as views: of the kept buffer of its length, copied in, or of its own bytes when long; with a
   * plaintext buffer to decrypt into (zero it after use). One lookup per open.
   */
  load(sealed: Sealed): OpenViews {
    const length = this.plainLength(sealed)
    if (sealed.length > MAX_KEPT_BYTES) {
      const views = this.views(typeof sealed === 'string' ? Buffer.from(sealed, 'latin1') : sealed)
      return { ...views, plain: new Uint8Array(length) }
    }
    const kept = this.keptFor(sealed.length)
    // A slot's latin1 string is written straight into the kept buffer: no Buffer made per open.
    if (typeof sealed === 'string') kept.sealed.write(sealed, 0, 'latin1')
    else kept.sealed.set(sealed)
    return kept
  }

  private views(sealed: Uint8Array): SealedViews {
    const end = sealed.length - this.tagBytes
    return {
      nonce: sealed.subarray(0, this.nonceBytes),
      body: sealed.subarray(this.nonceBytes),
      ciphertext: sealed.subarray(this.nonceBytes, end),
      tag: sealed.subarray(end),
    }
  }

  private keptFor(sealedLength: number): Kept {
    const known = this.byLength.get(sealedLength)
    if (known) return known
    const sealed = Buffer.alloc(sealedLength)
    const kept = {
      sealed,
      ...this.views(sealed),
      plain: new Uint8Array(sealedLength - this.nonceBytes - this.tagBytes),
    }
    if (this.byLength.size >= MAX_LENGTHS) this.byLength.delete(this.byLength.keys().next().value!)
    this.byLength.set(sealedLength, kept)
    return kept
  }
}
