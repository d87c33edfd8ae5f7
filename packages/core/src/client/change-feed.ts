import { slotKeyOf } from '../resolver.js'
import type { RefreshEvent } from './events.js'

/** What happened to a name in the backend, as a change feed (EventBridge, ...) reports it. */
export type ChangeKind = 'created' | 'updated' | 'deleted' | 'labeled'

export interface BackendChange {
  /** The backend's own name: `/prod/order-api/db/host`, or a secret's name. */
  name: string
  kind: ChangeKind
}

/**
 * The one door a change feed uses into a config client: which cached keys a backend change
 * touches, and applying it to them. Keys are cache keys: names, `name:selector`, `name#field`
 * and listings of paths above the name.
 */
export interface ChangeFeed {
  readonly backendName: string
  /** Cached keys the change touches right now; empty when this client holds nothing it affects. */
  keysFor(change: BackendChange): string[]
  /**
   * Applies the change to the keys it touches at the time of the call. A deletion makes the name
   * and its selectors not found at once, with no backend call; everything else touched is reloaded
   * (reads at or after this call). Failures keep the last good value and are counted in `failed`.
   */
  apply(change: BackendChange): Promise<RefreshEvent>
  /** Reports a feed's own failure (say its queue is gone) through the client's `error` event. */
  reportError(error: Error): void
  /** Whether the client is closed: a feed stops applying changes then. */
  readonly closed: boolean
}

/** What the config client hands its feed. */
export interface ChangeFeedParts {
  backendName: string
  keys(): string[]
  refresh(key: string): Promise<boolean>
  /** Stores a not-found for the key, with no backend call. */
  forget(key: string): Promise<void>
  report(names: string[], failed: number): RefreshEvent
  reportError(error: Error): void
  closed(): boolean
}

const feeds = new WeakMap<object, ChangeFeed>()

/** The change feed of a config client made by `createConfig` (undefined for any other object). */
export function changeFeedOf(config: object): ChangeFeed | undefined {
  return feeds.get(config)
}

export function attachChangeFeed(config: object, parts: ChangeFeedParts): void {
  feeds.set(config, createChangeFeed(parts))
}

function createChangeFeed(parts: ChangeFeedParts): ChangeFeed {
  const keysFor = (change: BackendChange) => parts.keys().filter((key) => touches(key, change))
  return {
    backendName: parts.backendName,
    keysFor,
    async apply(change) {
      if (parts.closed()) return { names: [], failed: 0 }
      const keys = keysFor(change)
      const gone = change.kind === 'deleted' ? keys.filter((k) => slotKeyOf(k).kind === 'name') : []
      await Promise.all(gone.map((key) => parts.forget(key)))
      const reload = keys.filter((key) => !gone.includes(key))
      const ok = await Promise.all(reload.map((key) => parts.refresh(key)))
      return parts.report(keys, ok.filter((done) => !done).length)
    },
    reportError: (error) => parts.reportError(error),
    get closed() {
      return parts.closed()
    },
  }
}

/**
 * Whether a cached key is affected. Updates touch the name and its JSON fields (numbered versions never
 * change); label moves touch label selectors; creations and deletions also touch listings above the name.
 */
function touches(cached: string, change: BackendChange): boolean {
  const { name, kind } = change
  const key = slotKeyOf(cached)
  if (key.kind === 'listing') {
    if (kind !== 'created' && kind !== 'deleted') return false
    const path = key.path.replace(/\/+$/, '')
    return path === '' || name.startsWith(`${path}/`)
  }
  if (key.slot === name) return kind !== 'labeled'
  if (key.base !== name) return false
  const selector = key.slot.slice(name.length + 1)
  if (kind === 'deleted') return true
  return kind === 'labeled' && !/^\d+$/.test(selector)
}
