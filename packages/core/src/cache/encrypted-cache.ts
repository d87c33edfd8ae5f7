import { LRUCache } from 'lru-cache'
import type { Entry } from '../backend.js'
import { localKeyProvider } from '../crypto/local-key-provider.js'
import { open, type SealContext, seal } from '../crypto/seal.js'
import { BackendUnavailableError, isParamkitError } from '../errors.js'
import { type CacheOptions, cacheDefaults, type ResolvedCacheOptions } from './options.js'
import { type EntryMeta, metaOf, SLOT_OVERHEAD_BYTES, type Slot } from './slot.js'
import { decodeText, encodeText } from './text-codec.js'
import type { CacheHooks, CacheStats, FetchContext, Loader } from './types.js'

export type { CacheHooks, CacheStats, Loader } from './types.js'

const RETRY = Symbol('retry')

/** Failures remembered for keys with nothing cached; bounded, so failing keys cannot grow the heap. */
const MAX_REMEMBERED_ERRORS = 1000

/**
 * The envelope-encrypted cache. lru-cache 11 owns the LRU bounds, per-entry TTL, single-flight
 * (`fetchMethod`) and keeping the last value when a refresh fails; this class adds sealing,
 * jitter, `maxStale`, stale-while-revalidate windows and negative entries.
 */
export class EncryptedCache {
  readonly options: ResolvedCacheOptions
  private readonly lru: LRUCache<string, Slot, FetchContext>
  private readonly lastErrors = new Map<string, unknown>()
  private closed = false
  private readonly counters = {
    hits: 0,
    misses: 0,
    staleServed: 0,
    negativeHits: 0,
    integrityFailures: 0,
    evictions: 0,
    loadErrors: 0,
    seals: 0,
  }

  constructor(
    options: CacheOptions = {},
    private readonly hooks: CacheHooks = {},
  ) {
    const clock = options.clock ?? Date
    this.options = {
      ...cacheDefaults,
      clock,
      random: Math.random,
      ...stripUndefined(options),
      keyProvider: options.keyProvider ?? localKeyProvider({ now: () => clock.now() }),
    }
    const { maxEntries, maxBytes } = this.options
    this.lru = new LRUCache<string, Slot, FetchContext>({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: (slot) => slot.bytes,
      ttl: this.options.ttl,
      ttlResolution: 0,
      perf: { now: () => clock.now() },
      allowStale: true, // only so keys() lists stale entries too; every fetch passes its own allowStale
      allowStaleOnFetchRejection: true,
      noDeleteOnStaleGet: true,
      fetchMethod: (key, stale, { context, options: setOptions, signal }) =>
        this.loadSlot(key, stale, context, setOptions, signal),
      dispose: (slot, _key, reason) => {
        if (reason === 'evict') this.counters.evictions++
        if (slot.kind === 'sealed') this.options.keyProvider.release(slot.box.keyId)
      },
    })
  }

  /**
   * The entry for `key` (undefined when the backend says it does not exist), from the cache
   * when fresh, otherwise from `load` — once per key however many callers wait.
   */
  async read(key: string, load: Loader): Promise<Entry | undefined> {
    return this.readOnce(key, load, true)
  }

  /**
   * Loads `key` again now, whatever its freshness. Resolves false when the load failed, in which
   * case the last good value stays cached (and the failure went to the `loadError` hook).
   */
  async refresh(key: string, load: Loader): Promise<boolean> {
    try {
      await this.lru.fetch(key, { context: { load }, forceRefresh: true, allowStale: false })
    } catch {
      return false
    }
    return !this.lastErrors.has(key)
  }

  /** Stores an entry obtained elsewhere (a `list` page) as if it had been loaded. */
  async prime(key: string, entry: Entry | undefined): Promise<void> {
    const previous = this.lru.peek(key, { allowStale: true })
    const slot = await this.makeSlot(key, entry)
    this.lru.set(key, slot, { ttl: Math.max(1, slot.freshUntil - slot.storedAt) })
    this.noteChange(key, previous, entry)
  }

  private noteChange(key: string, previous: Slot | undefined, entry: Entry | undefined): void {
    if (!previous) return
    const before = previous.kind === 'missing' ? undefined : previous.meta.version
    if (before !== entry?.version) this.hooks.change?.(key, before, entry?.version)
  }

  invalidate(key?: string): void {
    if (key === undefined) this.lru.clear()
    else this.lru.delete(key)
  }

  /** Keys currently held, fresh or stale. */
  keys(): string[] {
    return [...this.lru.keys()]
  }

  /** The stored slot, ciphertext and all, for diagnostics and tamper tests. Holds no plaintext when sealed. */
  inspectSlot(key: string): Slot | undefined {
    return this.lru.peek(key, { allowStale: true })
  }

  stats(): CacheStats {
    return { ...this.counters, entries: this.lru.size, bytes: this.lru.calculatedSize }
  }

  /** Empties the cache for good: loads still running finish without sealing, so no data key is made after this. */
  close(): void {
    this.closed = true
    this.lru.clear()
    this.lastErrors.clear()
  }

  private async readOnce(key: string, load: Loader, retryOnIntegrity: boolean): Promise<Entry | undefined> {
    const now = this.options.clock.now()
    // Fast path: a fresh hit needs no fetch machinery (lru.get also marks it recently used).
    const hit = this.lru.get(key, { allowStale: false })
    if (hit && now <= hit.freshUntil) {
      const served = await this.serveFresh(key, hit)
      if (served !== RETRY) return served
      return this.readOnce(key, load, false)
    }
    const held = this.lru.peek(key, { allowStale: true })
    // Fresh through `freshUntil` inclusive, matching lru-cache's own staleness test.
    const swr =
      held !== undefined &&
      held.kind !== 'missing' &&
      now > held.freshUntil &&
      now <= held.freshUntil + this.options.staleWhileRevalidate
    const fresh = held !== undefined && now <= held.freshUntil

    let slot: Slot | undefined
    try {
      slot = await this.lru.fetch(key, { context: { load }, allowStale: swr })
    } catch (cause) {
      throw this.failure(key, cause)
    }
    // lru-cache resolves undefined when a load failed and there was nothing stale to keep.
    if (!slot) throw this.failure(key, this.lastErrors.get(key))

    const after = this.options.clock.now()
    if (after > slot.freshUntil) {
      // A stale slot came back: either stale-while-revalidate, or the refresh failed and lru-cache kept it.
      if (slot.kind === 'missing' || after > slot.staleUntil) {
        this.lru.delete(key)
        throw this.unavailable(key, this.lastErrors.get(key))
      }
      this.counters.staleServed++
    } else if (fresh) {
      this.counters.hits++
    } else {
      this.counters.misses++
    }

    if (slot.kind === 'missing') {
      if (fresh) this.counters.negativeHits++
      else if (this.options.negativeTtl <= 0) this.lru.delete(key)
      return undefined
    }
    if (slot.kind === 'plain') return slot.entry
    try {
      return await this.openSlot(key, slot.meta, slot.box)
    } catch (error) {
      this.dropUnopenable(key, error)
      if (!retryOnIntegrity) throw error
      return this.readOnce(key, load, false)
    }
  }

  /** A fresh slot's entry, opened synchronously when the key provider allows; RETRY when it failed to open. */
  private serveFresh(
    key: string,
    slot: Slot,
  ): Entry | undefined | typeof RETRY | Promise<Entry | undefined | typeof RETRY> {
    this.counters.hits++
    if (slot.kind === 'missing') {
      this.counters.negativeHits++
      return undefined
    }
    if (slot.kind === 'plain') return slot.entry
    const finish = (dataKey: Uint8Array) => {
      try {
        return this.openWith(key, slot.meta, slot.box, dataKey)
      } catch (error) {
        this.dropUnopenable(key, error)
        return RETRY
      }
    }
    try {
      const dataKey = this.options.keyProvider.keyForOpen(slot.box.keyId)
      if (!(dataKey instanceof Promise)) return finish(dataKey)
      return dataKey.then(finish, (error: unknown) => {
        this.dropUnopenable(key, error)
        return RETRY
      })
    } catch (error) {
      this.dropUnopenable(key, error)
      return RETRY
    }
  }

  /** Never serve what failed authentication (or whose key is gone): drop it so it is loaded again. */
  private dropUnopenable(key: string, error: unknown): void {
    const code = isParamkitError(error) ? error.code : undefined
    if (code !== 'INTEGRITY' && code !== 'DATA_KEY_GONE') throw error
    if (code === 'INTEGRITY') this.counters.integrityFailures++
    this.lru.delete(key)
  }

  private async loadSlot(
    key: string,
    previous: Slot | undefined,
    context: FetchContext,
    setOptions: LRUCache.SetOptions<string, Slot, FetchContext>,
    signal: AbortSignal,
  ): Promise<Slot> {
    let entry: Entry | undefined
    try {
      entry = await context.load()
    } catch (error) {
      this.counters.loadErrors++
      this.rememberError(key, error)
      this.hooks.loadError?.(key, error)
      throw error
    }
    this.lastErrors.delete(key)
    const slot = await this.makeSlot(key, entry)
    // lru-cache drops the result of a fetch that was aborted (invalidate, eviction): give its key back.
    if (signal.aborted && slot.kind === 'sealed') this.options.keyProvider.release(slot.box.keyId)
    setOptions.ttl = Math.max(1, slot.freshUntil - slot.storedAt)
    this.noteChange(key, previous, entry)
    return slot
  }

  private rememberError(key: string, error: unknown): void {
    this.lastErrors.delete(key)
    if (this.lastErrors.size >= MAX_REMEMBERED_ERRORS)
      this.lastErrors.delete(this.lastErrors.keys().next().value!)
    this.lastErrors.set(key, error)
  }

  private async makeSlot(key: string, entry: Entry | undefined): Promise<Slot> {
    const { clock, ttl, jitter, maxStale, negativeTtl, random, encrypt } = this.options
    const storedAt = clock.now()
    if (!entry) {
      const freshUntil = storedAt + Math.max(1, negativeTtl)
      return {
        kind: 'missing',
        storedAt,
        freshUntil,
        staleUntil: freshUntil,
        bytes: SLOT_OVERHEAD_BYTES + key.length,
      }
    }
    let freshUntil = storedAt + Math.max(1, Math.round(ttl * (1 - jitter * random())))
    if (entry.rotatesAt) freshUntil = Math.min(freshUntil, Math.max(storedAt + 1, entry.rotatesAt.getTime()))
    const times = { storedAt, freshUntil, staleUntil: freshUntil + maxStale }
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
    const provider = this.options.keyProvider
    if (this.closed) throw this.closedError(key)
    // Comes retained: from here on every path either stores the slot (released on dispose) or releases it.
    const dataKey = await provider.keyForSeal()
    let box: ValueBox
    try {
      if (this.closed) throw this.closedError(key)
      if (typeof entry.value === 'string') {
        const text = encodeText(entry.value)
        meta.valueKind = text.kind
        box = seal(text.bytes, dataKey.key, this.sealContext(key, meta.version, dataKey.id))
        text.bytes.fill(0)
      } else box = seal(entry.value, dataKey.key, this.sealContext(key, meta.version, dataKey.id))
    } catch (error) {
      provider.release(dataKey.id)
      throw error
    }
    this.counters.seals++
    return { kind: 'sealed', ...times, meta, box, bytes: overhead + box.ciphertext.length + box.nonce.length }
  }

  private async openSlot(key: string, meta: EntryMeta, box: ValueBox): Promise<Entry> {
    return this.openWith(key, meta, box, await this.options.keyProvider.keyForOpen(box.keyId))
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

  /** Nothing cached to fall back on: the backend's own typed error is the most useful answer. */
  private failure(key: string, cause: unknown): Error {
    return isParamkitError(cause) ? cause : this.unavailable(key, cause)
  }

  private closedError(key: string): BackendUnavailableError {
    return new BackendUnavailableError(`The cache is closed; "${key}" was not stored`, {
      key,
      operation: 'get',
    })
  }

  private unavailable(key: string, cause: unknown): BackendUnavailableError {
    return new BackendUnavailableError(
      `No usable value for "${key}": the backend failed and no cached copy may be served (none, or older than maxStale)`,
      { key, operation: 'get', cause },
    )
  }
}

type ValueBox = Extract<Slot, { kind: 'sealed' }>['box']

function stripKind(meta: EntryMeta): Omit<Entry, 'value'> {
  const { valueKind: _valueKind, ...rest } = meta
  return rest
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
