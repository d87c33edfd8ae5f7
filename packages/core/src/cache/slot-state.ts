/**
 * The state of a key's slot, decided in one place (`slotState`) for every read, hot or cold:
 *
 * - fresh:   stored (a value or a "not found"), now <= freshUntil: answered from the slot, no call.
 * - stale:   a value past freshUntil, inside `staleWhileRevalidate`, not failing past `maxStale`:
 *            answered at once while one load runs in the background.
 * - loading: a load is in flight: readers join it. `refresh()` starts a newer load instead.
 * - failed:  the last load failed, none runs: the next read loads.
 * - expired: held, past the above: the next read loads.
 * - missing: nothing held, no load: the next read loads.
 * Waiting on a load, a reader holding a value within `maxStale` (`mayServeOnFailure`) answers it
 * after `staleMs`, or at once when the load fails.
 *
 * Loads are numbered when they start; a slot records the number of the load (or listing) it came from,
 * and a load that finishes after a newer one never overwrites it.
 */
import type { Entry } from '../backend.js'
import type { Slot } from './slot.js'

export type SlotState = 'fresh' | 'stale' | 'loading' | 'failed' | 'expired' | 'missing'

export interface StateRules {
  readonly staleWhileRevalidate: number
  readonly maxStale: number
}

/** The state of `key` now, from its slot and the loads in flight; the fresh case costs one comparison. */
export function slotState(
  slot: Slot | undefined,
  now: number,
  rules: StateRules,
  loads: ReadonlyMap<string, unknown>,
  key: string,
): SlotState {
  if (slot === undefined) return loads.has(key) ? 'loading' : 'missing'
  if (now <= slot.freshUntil) return 'fresh'
  if (mayRevalidateInBackground(slot, now, rules.staleWhileRevalidate, rules.maxStale)) return 'stale'
  if (loads.has(key)) return 'loading'
  return slot.failedAt !== undefined ? 'failed' : 'expired'
}

/** Past its Expiration a parameter is gone, even while Parameter Store's periodic scan has not deleted it yet. */
export function unexpired(entry: Entry | undefined, now: number): Entry | undefined {
  return entry?.expiresAt && entry.expiresAt.getTime() <= now ? undefined : entry
}

/** The last moment a stale value may stand in when the backend fails: `maxStale` after expiry, never past its Expiration. */
export function staleUntil(slot: Exclude<Slot, { kind: 'missing' }>, maxStale: number): number {
  const until = slot.freshUntil + maxStale
  return slot.expiresAt === undefined ? until : Math.min(until, slot.expiresAt - 1)
}

/** Stale, but may be served at once while it revalidates: a value, inside the SWR window, backend not failing. */
export function mayRevalidateInBackground(
  slot: Slot,
  now: number,
  staleWhileRevalidate: number,
  maxStale: number,
): slot is Exclude<Slot, { kind: 'missing' }> {
  if (slot.kind === 'missing' || now > slot.freshUntil + staleWhileRevalidate) return false
  // Never past a parameter's Expiration, even while revalidating.
  if (slot.expiresAt !== undefined && now >= slot.expiresAt) return false
  return slot.failedAt === undefined || now <= staleUntil(slot, maxStale)
}

/** When a load failed: whether this slot may stand in for the backend's answer (stale-if-error). */
export function mayServeOnFailure(
  slot: Slot | undefined,
  now: number,
  maxStale: number,
): slot is Exclude<Slot, { kind: 'missing' }> {
  return slot !== undefined && slot.kind !== 'missing' && now <= staleUntil(slot, maxStale)
}

/**
 * Whether a sync read, which cannot wait, may answer from `slot` now: fresh; stale within
 * `staleWhileRevalidate` or `maxStale` (a "not found" within `maxStale` of its expiry). Past that, a sync
 * read throws what an async read would when its reload fails.
 */
export function servableWithoutWaiting(slot: Slot, now: number, rules: StateRules): boolean {
  if (now <= slot.freshUntil) return true
  if (slot.kind === 'missing') return now <= slot.freshUntil + rules.maxStale
  return (
    mayRevalidateInBackground(slot, now, rules.staleWhileRevalidate, rules.maxStale) ||
    mayServeOnFailure(slot, now, rules.maxStale)
  )
}
