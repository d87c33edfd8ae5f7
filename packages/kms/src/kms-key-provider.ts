import { createHash } from 'node:crypto'
import { DecryptCommand, GenerateDataKeyCommand, KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms'
import { type ClientOptions, lazyClient } from '@paramkit/aws'
import { AccessDeniedError, IntegrityError, ValidationError } from '@paramkit/core'
import {
  type DataKey,
  defaultRotationPolicy,
  type KeyProvider,
  type KeyProviderStats,
  KeyRing,
  type RingKey,
  type WrappedDataKey,
} from '@paramkit/core/backend'
import { call } from './errors.js'
import { assertKmsKeyId } from './key-id.js'

export interface KmsKeyProviderOptions extends ClientOptions<KMSClient, KMSClientConfig> {
  /** The KMS key (id, ARN or alias) that wraps every data key. */
  keyId: string
  /** Bound into every GenerateDataKey and Decrypt; the data key's id is added as `paramkit:data-key`. */
  encryptionContext?: Record<string, string>
  /** Milliseconds a data key seals new values before rotation. Default 1 hour. */
  maxKeyAge?: number
  /** Seals under one data key before rotation. Default 1,000,000. */
  maxSealsPerKey?: number
  /** Milliseconds unused before a plaintext data key is zeroed (its wrapped form stays). Default 5 minutes. */
  idleDropAfter?: number
  /**
   * Milliseconds each GenerateDataKey or Decrypt may take, SDK retries included, before it is aborted and
   * fails with BackendUnavailableError: a KMS that never answers cannot hang the cache. Default 5000.
   */
  timeoutMs?: number
  now?: () => number
}

export interface KmsKeyProviderStats extends KeyProviderStats {
  /** Plaintext data keys zeroed for being idle. */
  idleDrops: number
  /** Decrypt calls that restored a dropped key. */
  unwraps: number
  /** GenerateDataKey calls. */
  generateCalls: number
}

const KEY_ID_CONTEXT = 'paramkit:data-key'

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64')

/**
 * Data keys from AWS KMS: GenerateDataKey (AES-256) gives the plaintext key and its wrapped form.
 * The wrapped form is kept; the plaintext is zeroed after `idleDropAfter` and restored with
 * Decrypt on next use. Keys rotate by age and seal count; retired keys are zeroed.
 */
export type KmsKeyProvider = Omit<KeyProvider, 'stats'> & {
  stats(): KmsKeyProviderStats
  /** The wrapped form of a data key as held in memory (ciphertext only), for diagnostics and tamper tests. */
  wrappedKeyOf(id: string): Uint8Array | undefined
}

export function kmsKeyProvider(options: KmsKeyProviderOptions): KmsKeyProvider {
  assertKmsKeyId(options?.keyId)
  const now = options.now ?? Date.now
  const idleDropAfter = options.idleDropAfter ?? 5 * 60_000
  const ring = new KeyRing(
    {
      maxKeyAge: options.maxKeyAge ?? defaultRotationPolicy.maxKeyAge,
      maxSealsPerKey: options.maxSealsPerKey ?? defaultRotationPolicy.maxSealsPerKey,
    },
    now,
  )
  const wrapped = new Map<string, Uint8Array>()
  // A digest of each wrapped key, checked before Decrypt: a damaged wrapped key is Integrity, whatever KMS would answer.
  const digests = new Map<string, string>()
  const lastUsed = new Map<string, number>()
  const dropped = new Set<string>()
  // Keys sealing live Secrets, whose reveal() is synchronous: never dropped idle (see KeyProvider.pin).
  const pins = new Map<string, number>()
  const counters = { idleDrops: 0, unwraps: 0, generateCalls: 0 }
  const client = lazyClient((config: KMSClientConfig) => new KMSClient(config), options)
  let generating: Promise<RingKey> | undefined
  let timer: NodeJS.Timeout | undefined
  let serial = 0
  const tag = globalThis.crypto.randomUUID().slice(0, 8)

  const kms = client.get
  const context = (id?: string) => ({ ...options.encryptionContext, ...(id ? { [KEY_ID_CONTEXT]: id } : {}) })

  const timeoutMs = options.timeoutMs ?? 5000
  if (!(timeoutMs > 0)) {
    throw new ValidationError(`kmsKeyProvider: timeoutMs must be a positive number of milliseconds`, {
      key: options.keyId,
      backend: 'kms',
      operation: 'validate',
      rule: 'timeout',
    })
  }
  /** One KMS call, aborted after `timeoutMs` (KMS is not behind core's call policy: its own SDK retries stay). */
  const send = <T>(action: 'GenerateDataKey' | 'Decrypt', run: (abortSignal: AbortSignal) => Promise<T>) =>
    call('key', options.keyId, () => run(AbortSignal.timeout(timeoutMs)), { action: `kms:${action}` })

  async function generate(id?: string): Promise<WrappedDataKey> {
    counters.generateCalls++
    const out = await send('GenerateDataKey', (abortSignal) =>
      kms().send(
        new GenerateDataKeyCommand({
          KeyId: options.keyId,
          KeySpec: 'AES_256',
          EncryptionContext: context(id),
        }),
        { abortSignal },
      ),
    )
    return { key: new Uint8Array(out.Plaintext!), wrapped: new Uint8Array(out.CiphertextBlob!) }
  }

  async function unwrap(blob: Uint8Array, id?: string): Promise<Uint8Array> {
    const out = await send('Decrypt', (abortSignal) =>
      kms().send(
        new DecryptCommand({ KeyId: options.keyId, CiphertextBlob: blob, EncryptionContext: context(id) }),
        { abortSignal },
      ),
    )
    return new Uint8Array(out.Plaintext!)
  }

  async function rotate(): Promise<RingKey> {
    const id = `kms-${tag}-${++serial}`
    const fresh = await generate(id)
    wrapped.set(id, fresh.wrapped)
    digests.set(id, digest(fresh.wrapped))
    lastUsed.set(id, now())
    startIdleTimer()
    return ring.install(id, fresh.key)
  }

  async function usable(entry: RingKey): Promise<Uint8Array> {
    if (dropped.has(entry.id)) {
      const blob = wrapped.get(entry.id)!
      if (digest(blob) !== digests.get(entry.id)) {
        throw new IntegrityError(`The wrapped form of data key ${entry.id} was altered in memory`, {
          key: options.keyId,
          backend: 'kms',
          operation: 'key',
        })
      }
      ring.rekey(entry, await unwrap(blob, entry.id))
      dropped.delete(entry.id)
      counters.unwraps++
    }
    lastUsed.set(entry.id, now())
    return ring.access(entry)
  }

  function dropIdle(): void {
    for (const entry of ring.keys.values()) {
      if (
        dropped.has(entry.id) ||
        pins.has(entry.id) ||
        now() - (lastUsed.get(entry.id) ?? 0) < idleDropAfter
      )
        continue
      ring.wipe(entry)
      dropped.add(entry.id)
      counters.idleDrops++
    }
  }

  function startIdleTimer(): void {
    if (timer || idleDropAfter <= 0) return
    timer = setInterval(dropIdle, Math.max(250, Math.floor(idleDropAfter / 2)))
    timer.unref()
  }

  function forget(id: string): void {
    if (ring.keys.has(id)) return
    wrapped.delete(id)
    digests.delete(id)
    lastUsed.delete(id)
    dropped.delete(id)
  }

  async function keyForSeal(): Promise<DataKey> {
    // A loop, not an if: while this caller waited, others may have used up the new key's seals.
    while (ring.needsRotation()) await rotateOnce()
    const current = ring.current!
    // Held before the unwrap below awaits, so a rotation meanwhile cannot zero the key under this seal.
    ring.takeForSeal(current)
    try {
      return { id: current.id, key: await usable(current) }
    } catch (error) {
      ring.release(current.id)
      forget(current.id)
      // The current key's wrapped form no longer unwraps: retire it and seal under a new one.
      if (!IntegrityError.is(error)) throw error
      if (ring.current === current) await rotateOnce()
      return keyForSeal()
    }
  }

  /** One rotation however many sealers ask for it at once. */
  function rotateOnce(): Promise<RingKey> {
    generating ??= rotate().finally(() => {
      generating = undefined
    })
    return generating
  }

  return {
    name: 'kms',
    keyForSeal,
    keyForOpen(id) {
      const entry = ring.get(id)
      if (dropped.has(id)) return usable(entry)
      // At hand: answered synchronously, as a Secret's reveal() needs.
      lastUsed.set(id, now())
      return ring.access(entry)
    },
    pin(id) {
      pins.set(id, (pins.get(id) ?? 0) + 1)
    },
    unpin(id) {
      const left = (pins.get(id) ?? 0) - 1
      if (left > 0) pins.set(id, left)
      else pins.delete(id)
    },
    retain: (id) => ring.retain(id),
    release(id) {
      ring.release(id)
      forget(id)
    },
    stats: () => ({ ...ring.stats(), ...counters }),
    close() {
      if (timer) clearInterval(timer)
      timer = undefined
      ring.zeroAll()
      wrapped.clear()
      digests.clear()
      client.close()
    },
    snapshotKey: () => generate(),
    async unwrapSnapshotKey(blob: Uint8Array) {
      try {
        return await unwrap(blob)
      } catch (error) {
        // KMS answers a key wrapped under another KMS key with IncorrectKeyException (Integrity already), or
        // with AccessDenied ("the ciphertext refers to a key ... you are not allowed to access"). Either way the
        // snapshot cannot be verified here, so it is refused; the AccessDenied stays as the cause.
        if (AccessDeniedError.is(error)) {
          throw new IntegrityError(
            `The snapshot's data key is wrapped under a KMS key other than ${options.keyId}, or kms:Decrypt on it is not allowed`,
            { key: options.keyId, backend: 'kms', operation: 'snapshot', cause: error },
          )
        }
        throw error
      }
    },
    wrappedKeyOf: (id: string) => wrapped.get(id),
  }
}
