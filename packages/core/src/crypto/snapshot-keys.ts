import { ValidationError } from '../errors.js'
import type { KeyProvider } from './key-provider.js'

/**
 * One provider from two: the cache's data keys from `cache`, the snapshot's from `snapshots`. With
 * `withSnapshotKeys(localKeyProvider(), kmsKeyProvider({ keyId }))` the snapshot's data key is wrapped
 * by KMS while cached values are sealed under local keys, so a warm boot costs exactly one KMS Decrypt
 * (no GenerateDataKey). The price: the cache's keys are local ones, held in the heap (see
 * localKeyProvider). `close()` closes both.
 */
export function withSnapshotKeys(cache: KeyProvider, snapshots: KeyProvider): KeyProvider {
  const { snapshotKey, unwrapSnapshotKey } = snapshots
  if (!snapshotKey || !unwrapSnapshotKey) {
    throw new ValidationError(
      `withSnapshotKeys: the ${snapshots.name} key provider cannot wrap snapshot keys (rule: snapshot-key-provider)`,
      { operation: 'snapshot', rule: 'snapshot-key-provider' },
    )
  }
  return {
    name: `${cache.name}+${snapshots.name}`,
    keyForSeal: () => cache.keyForSeal(),
    keyForOpen: (id) => cache.keyForOpen(id),
    retain: (id) => cache.retain(id),
    release: (id) => cache.release(id),
    ...(cache.pin && cache.unpin
      ? { pin: (id: string) => cache.pin!(id), unpin: (id: string) => cache.unpin!(id) }
      : {}),
    stats: () => cache.stats(),
    snapshotKey: () => snapshotKey.call(snapshots),
    unwrapSnapshotKey: (wrapped) => unwrapSnapshotKey.call(snapshots, wrapped),
    async close() {
      await cache.close()
      await snapshots.close()
    },
  }
}
