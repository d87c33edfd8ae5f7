import { ParamkitError } from '../errors.js'

/** A data key: 32 bytes and the id that sealed values carry to find it again. */
export interface DataKey {
  id: string
  key: Uint8Array
}

export interface KeyProviderStats {
  /** Data keys created since start. */
  generated: number
  /** Keys retired by age or seal count. */
  rotations: number
  /** Retired keys whose bytes have been zeroed. */
  zeroed: number
  /** Keys that can still open sealed values. */
  live: number
}

/**
 * Where the cache's data keys come from. The provider owns rotation (by age and seal count);
 * the cache tells it which keys sealed values still use, so a retired key is zeroed once the
 * last value sealed under it has left the cache.
 */
export interface KeyProvider {
  readonly name: string
  /**
   * A key for one new seal; counts the seal and rotates when the key is too old or used too often.
   * The key comes already retained for the caller, in the same step that picks it, so a concurrent
   * rotation can never zero it before the seal is made: `release(id)` it when the sealed value
   * leaves the cache, or at once when the seal is abandoned.
   */
  keyForSeal(): DataKey | Promise<DataKey>
  /** The key with this id, to open a value; throws when the key is gone. */
  keyForOpen(id: string): Uint8Array | Promise<Uint8Array>
  /** One more holder of a key already held (a copy of a sealed value); each retain needs a release. */
  retain(id: string): void
  /** A holder of `id` is done with it (the sealed value left the cache, or its seal was abandoned). */
  release(id: string): void
  /**
   * A `Secret` sealed under `id` lives and opens synchronously: keep the plaintext key at hand (no idle
   * drop) until as many `unpin(id)`. Providers that never drop keys leave both out.
   */
  pin?(id: string): void
  unpin?(id: string): void
  stats(): KeyProviderStats
  /** Zeroes every key. */
  close(): void | Promise<void>
  /**
   * For sealed snapshots that outlive the process: a new data key and its wrapped form, which
   * is all the snapshot file keeps. Providers that cannot wrap (a plain local key) leave it out.
   */
  snapshotKey?(): Promise<WrappedDataKey>
  /** The data key of a snapshot; throws IntegrityError when it was wrapped under another key. */
  unwrapSnapshotKey?(wrapped: Uint8Array): Promise<Uint8Array>
}

export interface WrappedDataKey {
  key: Uint8Array
  wrapped: Uint8Array
}

/** A sealed value names a data key that has been retired and zeroed: the value is reloaded, never served. */
export class DataKeyGoneError extends ParamkitError {
  static override readonly code = 'DATA_KEY_GONE' as const
  readonly code = 'DATA_KEY_GONE' as const
  constructor(id: string) {
    super(`Data key ${id} has been retired and zeroed`, { key: id, operation: 'open' })
  }
}
