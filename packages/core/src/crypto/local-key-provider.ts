import { ValidationError } from '../errors.js'
import type { DataKey, KeyProvider } from './key-provider.js'
import { defaultRotationPolicy, KeyRing, type RotationPolicy } from './key-ring.js'
import { KEY_BYTES, NONCE_BYTES, open, seal } from './seal.js'

export interface LocalKeyProviderOptions extends Partial<RotationPolicy> {
  /** Clock in milliseconds; tests pass a fake one. */
  now?: () => number
  /**
   * A 32-byte key that wraps snapshot data keys, so a sealed snapshot can be opened by the next
   * process (e.g. from a secret mounted into the container). Without it there are no snapshots.
   */
  masterKey?: Uint8Array
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
      ring.takeForSeal(current)
      return { id: current.id, key: current.key }
    },
    keyForOpen: (id) => ring.get(id).key,
    retain: (id) => ring.retain(id),
    release: (id) => ring.release(id),
    stats: () => ring.stats(),
    close: () => ring.zeroAll(),
    ...(options.masterKey ? snapshotWrapping(options.masterKey) : {}),
  }
}

const SNAPSHOT_CONTEXT = { namespace: 'paramkit:snapshot', key: 'data-key', version: '1', keyId: 'master' }

function snapshotWrapping(masterKey: Uint8Array): Pick<KeyProvider, 'snapshotKey' | 'unwrapSnapshotKey'> {
  if (masterKey.length !== KEY_BYTES) {
    throw new ValidationError(
      `localKeyProvider masterKey must be ${KEY_BYTES} bytes (rule: master-key-length)`,
      {
        operation: 'key',
        rule: 'master-key-length',
      },
    )
  }
  const master = new Uint8Array(masterKey)
  return {
    async snapshotKey() {
      const key = globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES))
      const box = seal(key, master, SNAPSHOT_CONTEXT)
      const wrapped = new Uint8Array(box.nonce.length + box.ciphertext.length)
      wrapped.set(box.nonce)
      wrapped.set(box.ciphertext, box.nonce.length)
      return { key, wrapped }
    },
    async unwrapSnapshotKey(wrapped) {
      const box = {
        keyId: 'master',
        nonce: wrapped.slice(0, NONCE_BYTES),
        ciphertext: wrapped.slice(NONCE_BYTES),
      }
      return open(box, master, SNAPSHOT_CONTEXT)
    },
  }
}
