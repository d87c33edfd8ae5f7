import type { FailoverEvent } from '../failover/events.js'
import type { CircuitStateName } from './policy/circuit.js'

export interface ChangeEvent {
  /** Full name of the entry that changed. */
  name: string
  previousVersion: string | undefined
  version: string
}

export interface ErrorEvent {
  /** The key or name being loaded when the error happened. */
  key: string | undefined
  error: Error
}

export interface RefreshEvent {
  /** Names refreshed. */
  names: string[]
  /** How many of them failed and kept their last good value. */
  failed: number
}

export interface SnapshotEvent {
  /**
   * `written` after a load that reached the backend; `loaded` when a load started from the file because
   * the backend failed; `booted` when the first load started from it by `warmBoot`, with no backend call.
   */
  action: 'written' | 'loaded' | 'booted'
  path: string
  createdAt: string
  entries: number
  /** Why the snapshot was loaded: the backend's error. */
  reason?: Error
}

export interface CircuitEvent {
  backend: string
  /** `open`: calls fail fast (stale values are served); `half-open`: one probe is trying; `closed`: healthy. */
  state: CircuitStateName
  /** Why it opened: the last transport failure. */
  cause?: Error
}

export interface ConfigEvents {
  circuit: CircuitEvent
  /** `failoverBackends`: reads moved between members, or a replica lacks a name. */
  failover: FailoverEvent
  change: ChangeEvent
  error: ErrorEvent
  refresh: RefreshEvent
  snapshot: SnapshotEvent
}

type Listener<T> = (event: T) => void

/** A small typed emitter. A throwing listener never breaks the config client. */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>()

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        ;(listener as Listener<Events[K]>)(payload)
      } catch {
        // A listener's failure is the listener's business; the client goes on.
      }
    }
  }

  clear(): void {
    this.listeners.clear()
  }
}
