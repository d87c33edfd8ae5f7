/**
 * What a cached slot is worth at a given moment, decided in one place.
 *
 * - fresh:   stored, and now <= freshUntil. Served from the cache; no backend call.
 * - stale:   stored, past freshUntil. Within `staleWhileRevalidate` (and while the backend is not failing)
 *            it is served at once while one load runs in the background; otherwise readers wait for a load.
 * - loading: a load is in flight for the key (beside any of the others). Readers that need the backend join
 *            it; `refresh()` starts a newer one instead. The cache owns this map, so listings, invalidation
 *            and eviction never drop a load: its waiters always get its answer.
 * - failed:  the last load failed. A stale value is then served only up to `staleUntil` (`maxStale`); past
 *            that, readers get the load's error. The failure is a timestamp on the slot, so it is bounded
 *            with the slot and forgotten on close().
 *
 * Loads are numbered when they start. A slot records the number of the load (or listing) it came from,
 * and a load that finishes after a newer one never overwrites it.
 */
import type { Entry } from '../backend.js'
import type { Slot } from './slot.js'

/** Past its Expiration a parameter is gone, even while Parameter Store's periodic scan has not deleted it yet. */
export function unexpired(entry: Entry | undefined, now: number): Entry | undefined {
  return entry?.expiresAt && entry.expiresAt.getTime() <= now ? undefined : entry
}

export function isFresh(slot: Slot, now: number): boolean {
  return now <= slot.freshUntil
}

/** Stale, but may be served at once while it revalidates: a value, inside the SWR window, backend not failing. */
export function mayRevalidateInBackground(
  slot: Slot,
  now: number,
  staleWhileRevalidate: number,
): slot is Exclude<Slot, { kind: 'missing' }> {
  if (slot.kind === 'missing' || now > slot.freshUntil + staleWhileRevalidate) return false
  // Never past a parameter's Expiration, even while revalidating.
  if (slot.meta.expiresAt && now >= slot.meta.expiresAt.getTime()) return false
  return slot.failedAt === undefined || now <= slot.staleUntil
}

/** When a load failed: whether this slot may stand in for the backend's answer (stale-if-error). */
export function mayServeOnFailure(
  slot: Slot | undefined,
  now: number,
): slot is Exclude<Slot, { kind: 'missing' }> {
  return slot !== undefined && slot.kind !== 'missing' && now <= slot.staleUntil
}
