import { KEY_BYTES } from './ciphers.js'
import type { DataKey, KeyProvider } from './key-provider.js'
import { defaultRotationPolicy, KeyRing, type RotationPolicy } from './key-ring.js'
import { type MasterKeyInput, masterKeyBytes } from './master-key.js'
import { open, seal } from './seal.js'

export interface LocalKeyProviderOptions extends Partial<RotationPolicy> {
  /** Clock in milliseconds; tests pass a fake one. */
  now?: () => number
  /**
   * A 32-byte key that wraps snapshot data keys, so a sealed snapshot can be opened by the next
   * process (e.g. from a secret mounted into the container). Without it there are no snapshots.
   * Bytes, or a string with its encoding named: `{ key: process.env.SNAPSHOT_KEY, encoding: 'base64' }`.
   * Refused with ValidationError at creation: not 32 bytes (`master-key-length`), a bare string
   * (`master-key-encoding`), a constant or repeated-pattern key (`master-key-weak`).
   */
  masterKey?: MasterKeyInput
}

/**
 * Random data keys that live only in this process. No key leaves memory, so a heap snapshot
 * holds the key beside the ciphertext: use `kmsKeyProvider()` when that matters.
 */
export function localKeyProvider(options: LocalKeyProviderOptions = {}): KeyProvider {
  const ring = new KeyRing(
    {
      maxKeyAge: options.maxKeyAge ?? defaultRotationPolicy.maxKeyAge,
      maxSealsPerKey: options.maxSealsPerKey ?? defaultRotationPolicy.maxSealsPerKey,
    },
    options.now ?? Date.now,
  )
  let counter = 0
  const processTag = globalThis.crypto.randomUUID().slice(0, 8)

  return {
    name: 'local',
    keyForSeal(): DataKey {
      if (ring.needsRotation()) {
        counter++
        ring.install(
          `local-${processTag}-${counter}`,
          globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES)),
        )
      }
      const current = ring.current!
      return { id: current.id, key: ring.takeForSeal(current) }
    },
    keyForOpen: (id) => ring.access(ring.get(id)),
    retain: (id) => ring.retain(id),
    release: (id) => ring.release(id),
    stats: () => ring.stats(),
    close: () => ring.zeroAll(),
    ...(options.masterKey !== undefined ? snapshotWrapping(options.masterKey) : {}),
  }
}

const SNAPSHOT_CONTEXT = { namespace: 'paramkit:snapshot', key: 'data-key', version: '1', keyId: 'master' }
// The wrapped key has no room to name its cipher, and wrapping runs once per snapshot: it stays XChaCha.
const WRAP_CIPHER = 'xchacha20-poly1305'

function snapshotWrapping(masterKey: MasterKeyInput): Pick<KeyProvider, 'snapshotKey' | 'unwrapSnapshotKey'> {
  const master = masterKeyBytes(masterKey)
  return {
    async snapshotKey() {
      const key = globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES))
      return { key, wrapped: seal(key, master, SNAPSHOT_CONTEXT, WRAP_CIPHER).sealed }
    },
    async unwrapSnapshotKey(wrapped) {
      return open({ keyId: 'master', cipher: WRAP_CIPHER, sealed: wrapped }, master, SNAPSHOT_CONTEXT)
    },
  }
}
