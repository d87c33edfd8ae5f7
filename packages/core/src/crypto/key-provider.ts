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
  /** A key for one new seal; counts the seal and rotates when the key is too old or used too often. */
  keyForSeal(): DataKey | Promise<DataKey>
  /** The key with this id, to open a value; throws when the key is gone. */
  keyForOpen(id: string): Uint8Array | Promise<Uint8Array>
  /** A sealed value under `id` entered the cache. */
  retain(id: string): void
  /** A sealed value under `id` left the cache. */
  release(id: string): void
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

export class DataKeyGoneError extends Error {
  constructor(id: string) {
    super(`Data key ${id} has been retired and zeroed`)
    this.name = 'DataKeyGoneError'
  }
}
