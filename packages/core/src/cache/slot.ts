import type { Entry } from '../backend.js'
import type { SealedBox } from '../crypto/seal.js'
import type { TextKind } from './text-codec.js'

/** Everything about an entry except its value; stored in clear and bound into the seal's AAD by version. */
export type EntryMeta = Omit<Entry, 'value'> & { valueKind: TextKind | 'bytes' }

interface SlotTimes {
  storedAt: number
  /** Served without asking the backend until then. */
  freshUntil: number
  /** Last moment a stale copy may be served when the backend fails. */
  staleUntil: number
  /** Bytes counted against the cache's byte bound. */
  bytes: number
  /** Number of the load or listing this came from; an older one never overwrites it. */
  seq: number
  /** When a load of this key last failed, while this slot was kept; cleared by the next good load. */
  failedAt?: number
}

export type ValueSlot = SlotTimes & { kind: 'sealed'; meta: EntryMeta; box: SealedBox }
/** A non-secret String kept in clear (`encrypt: 'sensitive'`): the frozen entry itself, handed out as is. */
export type PlainSlot = SlotTimes & { kind: 'plain'; meta: EntryMeta; value: string; entry: Readonly<Entry> }
export type MissingSlot = SlotTimes & { kind: 'missing' }
export type Slot = ValueSlot | PlainSlot | MissingSlot

/** Rough heap cost of one slot beyond its value: the key, the metadata object and lru-cache's arrays. */
export const SLOT_OVERHEAD_BYTES = 256

export function metaOf(entry: Entry): EntryMeta {
  const { value, ...meta } = entry
  return { ...meta, valueKind: typeof value === 'string' ? 'string' : 'bytes' }
}
