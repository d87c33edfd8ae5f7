import type { Backend, PutOptions } from '@paramkit/core/backend'
import type { FaultMode } from './fault-mode.js'
import type { FaultOptions, MemoryOperation, ScriptedFailure } from './faults.js'
import type { SeedData } from './file-format.js'

export interface MemoryBackendOptions {
  /** Initial data, in the same format as `fromFile` and `snapshot()`. */
  seed?: SeedData
  faults?: FaultOptions
  /** Milliseconds clock for timestamps, rotation dates and the throttle. Default `Date`. */
  clock?: { now(): number }
  /** Tier used when `put` names none. Default `Intelligent-Tiering` (Advanced only above 4 KB). */
  defaultTier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering'
  /** Name shown in errors and stats. Default `memory`. */
  name?: string
  /**
   * How injected latency waits. Default an abortable `setTimeout`; tests pass a recorder or a fake.
   * A call's `signal` is raced against it, so an abort ends the wait whatever this does.
   */
  sleep?: (ms: number) => Promise<void>
}

export interface MemoryStats {
  /** API calls per operation, whatever the fault mode: a `getMany` of 25 names is 3 calls, a `list` of 3 pages is 3. */
  calls: Record<MemoryOperation, number>
  /** Calls that failed throttled: the token bucket, a scripted throttle, fault mode `'throttle'`. */
  throttled: number
  /** Calls failed by injection: scripts, `failureRate`, fault mode `'refuse'`. */
  injected: number
  /** Calls hanging right now (fault mode `'hang'`, not yet aborted). Not cleared by `resetStats()`. */
  hung: number
}

/** Aborts a write or rotation call as `ReadOptions.signal` aborts a read. */
export interface CallOptions {
  signal?: AbortSignal
}

export interface MemoryBackend extends Backend {
  put(
    name: string,
    value: string | Uint8Array,
    options?: PutOptions & CallOptions,
  ): Promise<{ version: string }>
  delete(name: string, options?: CallOptions): Promise<void>
  label(name: string, version: number, labels: readonly string[], options?: CallOptions): Promise<void>
  /** A Secrets Manager rotation to `value`; `finish: false` leaves it staged AWSPENDING. Returns the new version id. */
  rotate(
    name: string,
    value: string | Uint8Array,
    options?: { finish?: boolean } & CallOptions,
  ): Promise<string>
  /** Sets (or clears) a secret's rotation schedule, which sets `rotatesAt`. */
  setRotation(name: string, days: number | undefined, options?: CallOptions): Promise<void>
  snapshot(): SeedData
  /** Adds a scripted failure while running, e.g. `{ operation: 'getMany', error: 'throttled', times: 2 }`. */
  injectFault(failure: ScriptedFailure): void
  /** Switches the fault mode for calls that start from now on (a hung call stays hung). */
  setFaultMode(mode: FaultMode): void
  stats(): MemoryStats
  resetStats(): void
}
