import type { Entry, EntryType } from '../backend.js'
import type { TextKind } from './text-codec.js'

/**
 * What an entry says besides its value and dates. Interned: every slot whose entry has the same type,
 * version, stages, labels and selector shares one frozen object. Bound into the seal's AAD by version.
 */
export interface SlotMeta {
  readonly type: EntryType
  readonly version: string
  readonly sensitive: boolean
  readonly valueKind: TextKind | 'bytes'
  /** Only when the entry's name is not the slot's key less its selector. */
  readonly name?: string
  readonly selector?: string
  readonly stages?: readonly string[]
  readonly labels?: readonly string[]
  readonly servedBy?: string
}

/**
 * A cached slot. Small on purpose (see the memory benchmark): no per-slot Date (dates are milliseconds),
 * no copy of the key, metadata shared, and a sealed value is one latin1 string: nonce ‖ ciphertext ‖ tag.
 * When stale values may still be served is derived: `freshUntil + maxStale` (see slot-state.ts).
 */
interface SlotBase {
  /** Served without asking the backend until then. */
  freshUntil: number
  /** Number of the load or listing this came from; an older one never overwrites it. */
  seq: number
  /** When a load of this key last failed, while this slot was kept; cleared by the next good load. */
  failedAt?: number | undefined
  /** Set when the cache lets go of the slot (replaced, invalidated, evicted): a hot memo of it is void. */
  retired?: true
}

// Optional fields are left off when absent: every field is 8 bytes on every slot.
interface ValueSlotBase extends SlotBase {
  meta: SlotMeta
  /** `lastModified` in milliseconds. */
  modifiedAt?: number
  /** `rotatesAt` in milliseconds. */
  rotatesAt?: number
  /** A parameter's Expiration in milliseconds: never served at or past it. */
  expiresAt?: number
}

export interface ValueSlot extends ValueSlotBase {
  kind: 'sealed'
  keyId: string
  /** Nonce ‖ ciphertext ‖ tag under the cache's cipher, as a latin1 string (one character per byte: see Sealed). */
  sealed: string
}
/** A non-secret String kept in clear (`encrypt: 'sensitive'`). */
export interface PlainSlot extends ValueSlotBase {
  kind: 'plain'
  value: string
}
export interface MissingSlot extends SlotBase {
  kind: 'missing'
}
export type Slot = ValueSlot | PlainSlot | MissingSlot

/** Rough heap cost of one slot beyond its value: the key, the slot and lru-cache's arrays. */
export const SLOT_OVERHEAD_BYTES = 256

/** Bytes a slot counts against the cache's byte bound. */
export function slotBytes(key: string, slot: Slot): number {
  if (slot.kind === 'missing') return SLOT_OVERHEAD_BYTES + key.length
  const overhead = SLOT_OVERHEAD_BYTES + key.length * 2
  return overhead + (slot.kind === 'plain' ? slot.value.length * 2 : slot.sealed.length)
}

const interned = new Map<string, SlotMeta>()
const MAX_INTERNED = 4096

/** Whether `key` is the slot key of `entry` itself: its name, with or without its selector. */
export function isOwnKey(key: string, entry: Pick<Entry, 'name' | 'selector'>): boolean {
  return entry.name === key || entry.name + (entry.selector ?? '') === key
}

/** The shared metadata of `entry` stored under `key`. */
export function metaOf(key: string, entry: Entry, valueKind: SlotMeta['valueKind']): SlotMeta {
  const name = isOwnKey(key, entry) ? undefined : entry.name
  const meta: SlotMeta = {
    type: entry.type,
    version: entry.version,
    sensitive: entry.sensitive,
    valueKind,
    ...(name !== undefined ? { name } : {}),
    ...(entry.selector !== undefined ? { selector: entry.selector } : {}),
    ...(entry.stages ? { stages: Object.freeze([...entry.stages]) } : {}),
    ...(entry.labels ? { labels: Object.freeze([...entry.labels]) } : {}),
    ...(entry.servedBy !== undefined ? { servedBy: entry.servedBy } : {}),
  }
  const signature = JSON.stringify(meta)
  const known = interned.get(signature)
  if (known) return known
  if (interned.size >= MAX_INTERNED) interned.delete(interned.keys().next().value!)
  interned.set(signature, Object.freeze(meta))
  return meta
}

/** The entry a value slot stands for, built when asked (the hot path hands out values, not entries). */
export function entryOf(key: string, slot: PlainSlot | ValueSlot, value: string | Uint8Array): Entry {
  const { meta } = slot
  const entry: Entry = {
    name: meta.name ?? (meta.selector ? key.slice(0, key.length - meta.selector.length) : key),
    value,
    type: meta.type,
    version: meta.version,
    sensitive: meta.sensitive,
  }
  if (meta.selector !== undefined) entry.selector = meta.selector
  if (meta.stages) entry.stages = [...meta.stages]
  if (meta.labels) entry.labels = [...meta.labels]
  if (meta.servedBy !== undefined) entry.servedBy = meta.servedBy
  if (slot.modifiedAt !== undefined) entry.lastModified = new Date(slot.modifiedAt)
  if (slot.rotatesAt !== undefined) entry.rotatesAt = new Date(slot.rotatesAt)
  if (slot.expiresAt !== undefined) entry.expiresAt = new Date(slot.expiresAt)
  return entry
}
