import type { Entry } from '../backend.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { open, type SealContext, seal } from '../crypto/seal.js'
import type { ResolvedCacheOptions } from './options.js'
import { type EntryMeta, metaOf, SLOT_OVERHEAD_BYTES, type Slot, type ValueSlot } from './slot.js'
import { decodeText, encodeText } from './text-codec.js'

type ValueBox = ValueSlot['box']

/** Turns entries into slots (sealed or plain, with their times) and sealed slots back into entries. */
export class SlotCodec {
  seals = 0

  constructor(private readonly options: ResolvedCacheOptions) {}

  private get provider(): KeyProvider {
    return this.options.keyProvider
  }

  /** A slot for `entry` (or a negative one). `stillWanted` is asked after the data key arrives. */
  async make(key: string, entry: Entry | undefined, seq: number, stillWanted: () => boolean): Promise<Slot> {
    const { clock, ttl, jitter, maxStale, negativeTtl, random, encrypt } = this.options
    const storedAt = clock.now()
    if (!entry) {
      const freshUntil = storedAt + Math.max(1, negativeTtl)
      return {
        kind: 'missing',
        storedAt,
        freshUntil,
        staleUntil: freshUntil,
        seq,
        bytes: SLOT_OVERHEAD_BYTES + key.length,
      }
    }
    let freshUntil = storedAt + Math.max(1, Math.round(ttl * (1 - jitter * random())))
    if (entry.rotatesAt) freshUntil = Math.min(freshUntil, Math.max(storedAt + 1, entry.rotatesAt.getTime()))
    const expiresAt = entry.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY
    freshUntil = Math.min(freshUntil, expiresAt - 1)
    const times = { storedAt, freshUntil, staleUntil: Math.min(freshUntil + maxStale, expiresAt - 1), seq }
    const meta = metaOf(entry)
    const overhead = SLOT_OVERHEAD_BYTES + key.length * 2
    if (
      encrypt === 'sensitive' &&
      !entry.sensitive &&
      entry.type === 'String' &&
      typeof entry.value === 'string'
    ) {
      const frozen = Object.freeze({ ...stripKind(meta), value: entry.value })
      return {
        kind: 'plain',
        ...times,
        meta,
        value: entry.value,
        entry: frozen,
        bytes: overhead + entry.value.length * 2,
      }
    }
    if (!stillWanted()) throw new Abandoned()
    // The key comes retained: from here it is either kept by the slot (released when the slot leaves) or released.
    const dataKey = await this.provider.keyForSeal()
    let box: ValueBox
    try {
      if (!stillWanted()) throw new Abandoned()
      const context = this.sealContext(key, meta.version, dataKey.id)
      if (typeof entry.value === 'string') {
        const text = encodeText(entry.value)
        meta.valueKind = text.kind
        box = seal(text.bytes, dataKey.key, context)
        text.bytes.fill(0)
      } else box = seal(entry.value, dataKey.key, context)
    } catch (error) {
      this.provider.release(dataKey.id)
      throw error
    }
    this.seals++
    return { kind: 'sealed', ...times, meta, box, bytes: overhead + box.ciphertext.length + box.nonce.length }
  }

  /** Gives back the data key a slot holds. */
  release(slot: Slot): void {
    if (slot.kind === 'sealed') this.provider.release(slot.box.keyId)
  }

  /** The entry of a sealed slot, synchronously when the provider holds the key in memory. */
  open(key: string, slot: ValueSlot): Entry | Promise<Entry> {
    const dataKey = this.provider.keyForOpen(slot.box.keyId)
    if (dataKey instanceof Promise) return dataKey.then((k) => this.openWith(key, slot.meta, slot.box, k))
    return this.openWith(key, slot.meta, slot.box, dataKey)
  }

  private openWith(key: string, meta: EntryMeta, box: ValueBox, dataKey: Uint8Array): Entry {
    const plaintext = open(box, dataKey, this.sealContext(key, meta.version, box.keyId))
    const base = stripKind(meta)
    if (meta.valueKind === 'bytes') return { ...base, value: plaintext }
    const value = decodeText(plaintext, meta.valueKind)
    plaintext.fill(0)
    return { ...base, value }
  }

  private sealContext(key: string, version: string, keyId: string): SealContext {
    return { namespace: this.options.namespace, key, version, keyId }
  }
}

/** Thrown inside `make` when the load it served was abandoned (invalidated, closed) before sealing. */
export class Abandoned extends Error {}

function stripKind(meta: EntryMeta): Omit<Entry, 'value'> {
  const { valueKind: _valueKind, ...rest } = meta
  return rest
}
