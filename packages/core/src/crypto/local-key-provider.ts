import type { DataKey, KeyProvider } from './key-provider.js'
import { defaultRotationPolicy, KeyRing, type RotationPolicy } from './key-ring.js'
import { KEY_BYTES } from './seal.js'

export interface LocalKeyProviderOptions extends Partial<RotationPolicy> {
  /** Clock in milliseconds; tests pass a fake one. */
  now?: () => number
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
      ring.countSeal(current)
      return { id: current.id, key: current.key }
    },
    keyForOpen: (id) => ring.get(id).key,
    retain: (id) => ring.retain(id),
    release: (id) => ring.release(id),
    stats: () => ring.stats(),
    close: () => ring.zeroAll(),
  }
}
