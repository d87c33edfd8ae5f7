import type { Entry } from '../backend.js'
import { BackendUnavailableError } from '../errors.js'

/** A load in flight. `seq` orders it against other loads and listings; `abandoned` ones are not stored. */
export interface Flight {
  seq: number
  abandoned: boolean
  promise: Promise<Entry | undefined>
  /** The load this one superseded (a refresh started while it ran), still answering its own callers. */
  superseded: Flight | undefined
}

/** Marks a load and every load it superseded as not to be stored. */
export function abandon(flight: Flight | undefined): void {
  for (let f = flight; f !== undefined; f = f.superseded) f.abandoned = true
}

/** A load failed and no cached copy may stand in. */
export function unavailable(key: string, cause: unknown): BackendUnavailableError {
  return new BackendUnavailableError(
    `No usable value for "${key}": the backend failed and no cached copy may be served (none, or older than maxStale)`,
    { key, operation: 'get', cause },
  )
}
