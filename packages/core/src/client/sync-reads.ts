import type { EncryptedCache } from '../cache/encrypted-cache.js'
import type { HotMemo, HotMemos } from '../cache/hot-reads.js'
import type { PlainSlot, Slot, ValueSlot } from '../cache/slot.js'
import { entryOf } from '../cache/slot.js'
import { MISS } from '../cache/slot-codec.js'
import { servableWithoutWaiting } from '../cache/slot-state.js'
import { BackendUnavailableError, ClosedError, NotFoundError, NotLoadedError } from '../errors.js'
import { extractField } from '../json-field.js'
import { type KeyResolver, type ListingKey, listingKey, type NameKey } from '../resolver.js'
import { type Secret, sealNow } from '../secret.js'
import type { Batcher } from './policy/batcher.js'
import type { ReadPipeline } from './read-pipeline.js'
import { refuseSecret } from './secret-reads.js'
import { entryText } from './values.js'

export interface SyncReadParts {
  resolver: KeyResolver
  cache: EncryptedCache
  pipeline: ReadPipeline
  batcher: Batcher
  backendName: string
  /** Reloads a listing in the background (a stale listing that still proves names absent). */
  reloadListing: (key: ListingKey) => void
  closed: () => boolean
}

/** A level of the hierarchy that holds nothing for the key: the next level is tried. */
const ABSENT = Symbol('paramkit.absent')
/** Most keys memoised for sync reads (as many as the resolver remembers). */
const MAX_MEMOS = 10_000
/** Most load failures remembered for the error of a read past `maxStale`. */
const MAX_FAILURES = 1000

/**
 * `getSync`, `getOptionalSync` and `getSecretSync`: answers from what the cache holds, never waiting.
 * Through the same hierarchy as `get` (the same resolution, the same fallbacks in order, a cached listing
 * proving a level absent). Per level, by its slot: fresh, or stale within `maxStale` (then one reload runs
 * in the background), answers; past `maxStale`, the error an async read gives when its reload fails
 * (BackendUnavailableError with the failure as `cause`), or NotLoadedError when no reload has failed yet;
 * nothing held: NotLoadedError naming the call that loads it. A fresh hit of the level that answered last
 * (`ReadPipeline.hotText`) is one lookup and allocates nothing.
 */
export class SyncReads {
  /** The last load failure of each slot, for the cause of a read past `maxStale`. */
  private readonly failures = new Map<string, unknown>()
  private readonly listed = new WeakMap<Slot, ReadonlySet<string>>()

  /**
   * Memos of fresh plain slots by key, for sync reads alone: their own map keeps this path's type feedback
   * apart from the async reads' (one lookup and the memo's checks). Emptied by `close()`.
   */
  private readonly hot = new Map<string, HotMemo>()
  private readonly memos: HotMemos
  /** The last Secret served per key (see `secret`). */
  private readonly secrets = new Map<string, Secret<string>>()
  private make: ((text: string) => Secret<string>) | undefined

  constructor(private readonly parts: SyncReadParts) {
    this.memos = parts.cache.memos
  }

  /** Called by the client's close(), synchronously: every later sync read throws ClosedError. */
  close(): void {
    this.hot.clear()
    this.secrets.clear()
  }

  /** Called by the cache's `loadError` hook. */
  failed(slot: string, error: unknown): void {
    if (this.failures.size >= MAX_FAILURES) this.failures.clear()
    this.failures.set(slot, error)
  }

  /** The text of `key`; undefined when no level holds it (`optional`), else NotFoundError as `get`. */
  text(key: string, optional: boolean): string | undefined {
    const memo = this.hot.get(key)
    if (memo !== undefined) {
      const text = this.memos.text(memo)
      if (text !== MISS) return text
      this.hot.delete(key)
    }
    return this.warm(key, optional)
  }

  /** A hot read not memoised here yet (it may be after), or the cold path. */
  private warm(key: string, optional: boolean): string | undefined {
    if (this.parts.closed()) return this.cold(key, optional)
    const hot = this.parts.pipeline.hotText(key)
    if (hot === MISS) return this.cold(key, optional)
    const memo = this.parts.resolver.known(key)?.hot
    if (memo !== undefined) {
      if (this.hot.size >= MAX_MEMOS) this.hot.clear()
      this.hot.set(key, memo)
    }
    return hot
  }

  /**
   * The shared Secret of `key`'s cached version (sealed at once, never waiting). The last one served per key
   * is held, so the next hot read of the same version neither seals nor opens (a Secret is sealed at rest;
   * with KMS, its data key stays in memory while it is held).
   */
  secret(key: string): Secret<string> {
    const { cache } = this.parts
    const make = this.make ?? ((text: string) => sealNow(text, cache.options.keyProvider))
    this.make = make
    let secret: Secret<string> | typeof MISS = MISS
    if (!this.parts.closed()) secret = this.parts.pipeline.hotSharedNow(key, make)
    if (secret === MISS) secret = make(this.cold(key, false, true)!)
    if (this.secrets.get(key) !== secret) {
      if (this.secrets.size >= MAX_MEMOS) this.secrets.clear()
      this.secrets.set(key, secret)
    }
    return secret
  }

  /** `key` through every level; a plaintext read (`sealing` false) refuses a secret, as `get` does. */
  private cold(key: string, optional: boolean, sealing = false): string | undefined {
    this.assertOpen(key)
    const resolution = this.parts.resolver.resolve(key)
    const { keys } = resolution
    for (let i = 0; i < keys.length; i++) {
      const text = this.level(key, keys[i]!, sealing ? undefined : optional ? 'getOptionalSync' : 'getSync')
      if (text === ABSENT) continue
      resolution.answeredAt = i
      return text
    }
    if (optional) return undefined
    const tried = resolution.candidates.map((c) => `"${c}"`).join(', ')
    throw new NotFoundError(`Key "${key}" not found; tried ${tried}`, {
      key,
      backend: this.parts.backendName,
      operation: 'get',
    })
  }

  /** What one level of the hierarchy answers without waiting. */
  private level(key: string, level: NameKey, plaintextRead: string | undefined): string | typeof ABSENT {
    const { cache, batcher } = this.parts
    const slot = cache.heldSlot(level.slot, () => batcher.load(level.slot))
    if (slot === undefined) {
      if (this.provedAbsent(level)) return ABSENT
      throw this.notLoaded(key, 'has not been loaded')
    }
    const now = cache.options.clock.now()
    if (!servableWithoutWaiting(slot, now, cache.options)) throw this.tooOld(key, level, slot)
    cache.count(now <= slot.freshUntil ? (slot.kind === 'missing' ? 'negative' : 'hit') : 'stale')
    if (slot.kind === 'missing') return ABSENT
    if (plaintextRead !== undefined) refuseSecret(slot.meta, key, plaintextRead, this.parts.backendName)
    return this.valueOf(key, level, slot)
  }

  private valueOf(key: string, level: NameKey, slot: PlainSlot | ValueSlot): string | typeof ABSENT {
    const { cache, backendName } = this.parts
    const value = cache.valueNow(level.slot, slot)
    if (value === MISS) {
      // Sealed under a data key not in memory, or failing to open: an async read reloads it.
      this.parts.pipeline.read(level).catch(() => undefined)
      throw this.notLoaded(key, 'cannot be opened without waiting (its data key is not in memory)')
    }
    if (level.field === undefined && typeof value === 'string') return value
    const entry = entryOf(level.slot, slot, value)
    if (level.field === undefined) return entryText(entry)
    try {
      return entryText(extractField(entry, level.field, backendName))
    } catch (error) {
      if (NotFoundError.is(error)) return ABSENT
      throw error
    }
  }

  /** Whether a cached listing of one of the name's levels, fresh or within `maxStale`, shows it absent. */
  private provedAbsent({ base }: NameKey): boolean {
    if (!base.startsWith('/')) return false
    for (let slash = base.lastIndexOf('/'); slash >= 0; slash = base.lastIndexOf('/', slash - 1)) {
      const listing = listingKey(slash === 0 ? '/' : base.slice(0, slash))
      const names = this.namesIn(listing)
      if (names !== undefined) return !names.has(base)
      if (slash === 0) break
    }
    return false
  }

  /** The names a usable cached listing holds; undefined when none is held (or it says "none"). */
  private namesIn(listing: ListingKey): ReadonlySet<string> | undefined {
    const { cache } = this.parts
    const slot = cache.inspectSlot(listing.slot)
    const now = cache.options.clock.now()
    if (slot === undefined || slot.kind === 'missing' || !servableWithoutWaiting(slot, now, cache.options))
      return undefined
    if (now > slot.freshUntil && !cache.loading(listing.slot)) this.parts.reloadListing(listing)
    let names = this.listed.get(slot)
    if (names === undefined) {
      const text = cache.valueNow(listing.slot, slot)
      if (typeof text !== 'string') return undefined
      names = new Set(JSON.parse(text) as string[])
      this.listed.set(slot, names)
    }
    return names
  }

  private tooOld(key: string, level: NameKey, slot: Slot): Error {
    const { maxStale } = this.parts.cache.options
    const cause = this.failures.get(level.slot)
    if (slot.failedAt !== undefined && cause !== undefined)
      return new BackendUnavailableError(
        `No usable value for "${level.name}": the backend failed and no cached copy may be served (older than maxStale, ${maxStale} ms)`,
        { key, backend: this.parts.backendName, operation: 'get', cause },
      )
    return this.notLoaded(key, `is held only older than maxStale (${maxStale} ms); a reload has started`)
  }

  private notLoaded(key: string, why: string): NotLoadedError {
    const load = `config.preload([${JSON.stringify(key)}])`
    return new NotLoadedError(
      `Key "${key}" ${why}: a sync read answers only from the cache; load it first with \`await ${load}\` or \`await config.load()\` (rule: not-loaded)`,
      { key, backend: this.parts.backendName, operation: 'get', load },
    )
  }

  private assertOpen(key: string): void {
    if (this.parts.closed())
      throw new ClosedError(`Config client is closed; cannot read "${key}"`, {
        key,
        backend: this.parts.backendName,
        operation: 'get',
      })
  }
}
