import type { Entry } from '../backend.js'
import { sealedText } from '../crypto/aead.js'
import { type Aead, aeadFor, isCipherName } from '../crypto/ciphers.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { type SealContext, seal } from '../crypto/seal.js'
import { IntegrityError } from '../errors.js'
import { AadMemo } from './aad-memo.js'
import type { ResolvedCacheOptions } from './options.js'
import { entryOf, metaOf, type PlainSlot, type Slot, type ValueSlot } from './slot.js'
import { encodeText } from './text-codec.js'

/** What `EncryptedCache.freshValue` answers when the hot path cannot: the caller takes the full read. */
export const MISS: unique symbol = Symbol('paramkit.miss')

/** Turns entries into slots (sealed or plain, with their times) and sealed slots back into values and entries. */
export class SlotCodec {
  seals = 0
  private readonly aads: AadMemo
  private resolvedAead: Aead | undefined

  constructor(private readonly options: ResolvedCacheOptions) {
    this.aads = new AadMemo(options.namespace)
    // An unknown cipher fails here, before any load; the implementation (loading sodium-native) waits for
    // the first seal or open, so a client that holds only plain values never pays for it.
    if (!isCipherName(options.cipher)) aeadFor(options.cipher)
  }

  get aead(): Aead {
    this.resolvedAead ??= aeadFor(this.options.cipher)
    return this.resolvedAead
  }

  private get provider(): KeyProvider {
    return this.options.keyProvider
  }

  /** A slot for `entry` (or a negative one). `stillWanted` is asked after the data key arrives. */
  async make(key: string, entry: Entry | undefined, seq: number, stillWanted: () => boolean): Promise<Slot> {
    const { clock, ttl, jitter, negativeTtl, random, encrypt } = this.options
    const now = clock.now()
    if (!entry) return { kind: 'missing', freshUntil: now + Math.max(1, negativeTtl), seq }
    const rotatesAt = entry.rotatesAt?.getTime()
    let freshUntil = now + Math.max(1, Math.round(ttl * (1 - jitter * random())))
    if (rotatesAt !== undefined) freshUntil = Math.min(freshUntil, Math.max(now + 1, rotatesAt))
    if (entry.expiresAt) freshUntil = Math.min(freshUntil, entry.expiresAt.getTime() - 1)
    if (
      encrypt === 'sensitive' &&
      !entry.sensitive &&
      entry.type === 'String' &&
      typeof entry.value === 'string'
    ) {
      return withDates(
        { kind: 'plain', meta: metaOf(key, entry, 'string'), value: entry.value, freshUntil, seq },
        entry,
      )
    }
    if (!stillWanted()) throw new Abandoned()
    // The key comes retained: from here it is either kept by the slot (released when the slot leaves) or released.
    const dataKey = await this.provider.keyForSeal()
    try {
      if (!stillWanted()) throw new Abandoned()
      const text = typeof entry.value === 'string' ? encodeText(entry.value) : undefined
      const meta = metaOf(key, entry, text?.kind ?? 'bytes')
      const plaintext = text?.bytes ?? (entry.value as Uint8Array)
      const context = this.sealContext(key, meta.version, dataKey.id)
      const { sealed } = seal(plaintext, dataKey.key, context, this.options.cipher)
      text?.bytes.fill(0)
      this.seals++
      return withDates(
        { kind: 'sealed', meta, keyId: dataKey.id, sealed: sealedText(sealed), freshUntil, seq },
        entry,
      )
    } catch (error) {
      this.provider.release(dataKey.id)
      throw error
    }
  }

  /** Gives back the data key a slot holds. */
  release(slot: Slot): void {
    if (slot.kind === 'sealed') this.provider.release(slot.keyId)
  }

  /** The entry of a sealed slot, synchronously when the provider holds the key in memory. */
  open(key: string, slot: ValueSlot): Entry | Promise<Entry> {
    const dataKey = this.provider.keyForOpen(slot.keyId)
    if (dataKey instanceof Promise)
      return dataKey.then((k) => entryOf(key, slot, this.openWith(key, slot, k)))
    return entryOf(key, slot, this.openWith(key, slot, dataKey))
  }

  /** The value of a sealed slot when it opens synchronously; MISS otherwise (the full read then decides). */
  openValue(key: string, slot: ValueSlot): string | Uint8Array | typeof MISS {
    try {
      const dataKey = this.provider.keyForOpen(slot.keyId)
      return dataKey instanceof Promise ? MISS : this.openWith(key, slot, dataKey)
    } catch {
      return MISS
    }
  }

  private openWith(key: string, slot: ValueSlot, dataKey: Uint8Array): string | Uint8Array {
    const { meta } = slot
    const aad = this.aads.get(key, meta.version, slot.keyId)
    try {
      // Text is decrypted into a scratch buffer that is zeroed once decoded: the string is the only allocation.
      return meta.valueKind === 'bytes'
        ? this.aead.open(dataKey, slot.sealed, aad)
        : this.aead.openText(dataKey, slot.sealed, aad, meta.valueKind)
    } catch (cause) {
      throw new IntegrityError(`Sealed value for "${key}" failed authentication`, {
        key,
        operation: 'open',
        cause,
      })
    }
  }

  private sealContext(key: string, version: string, keyId: string): SealContext {
    return { namespace: this.options.namespace, key, version, keyId }
  }
}

function withDates<S extends PlainSlot | ValueSlot>(slot: S, entry: Entry): S {
  if (entry.lastModified) slot.modifiedAt = entry.lastModified.getTime()
  if (entry.rotatesAt) slot.rotatesAt = entry.rotatesAt.getTime()
  if (entry.expiresAt) slot.expiresAt = entry.expiresAt.getTime()
  return slot
}

/** Thrown inside `make` when the load it served was abandoned (invalidated, closed) before sealing. */
export class Abandoned extends Error {}
