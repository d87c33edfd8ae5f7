import { LRUCache } from 'lru-cache'
import type { Entry } from '../backend.js'
import { isSecretKind } from '../client/secret-reads.js'
import { localKeyProvider } from '../crypto/local-key-provider.js'
import { isParamkitError } from '../errors.js'
import { rejectUnknownOptions, stripUndefined } from '../known-options.js'
import { type CacheOptions, cacheDefaults, cacheOptionNames, type ResolvedCacheOptions } from './options.js'
import { entryOf, type PlainSlot, type Slot, slotBytes, type ValueSlot } from './slot.js'

/** A slot that holds a value (not a "not found"). */
type HeldSlot = PlainSlot | ValueSlot

import { abandon, type Flight, unavailable } from './flight.js'
import { type HotMemo, HotMemos } from './hot-reads.js'
import { SharedValues } from './shared-values.js'
import { Abandoned, MISS, SlotCodec } from './slot-codec.js'
import { mayServeOnFailure, type SlotState, slotState, unexpired } from './slot-state.js'
import { answerOrStale, STALE } from './stale-wait.js'
import type { CacheHooks, CacheStats, Loader } from './types.js'

export type { CacheHooks, CacheStats, Loader } from './types.js'

/**
 * The envelope-encrypted cache. lru-cache 11 holds the slots and enforces the entry and byte bounds; this
 * class owns freshness, loads in flight, stale serving and sealing. Slot states: see slot-state.ts.
 */
export class EncryptedCache {
  readonly options: ResolvedCacheOptions
  private readonly lru: LRUCache<string, Slot>
  private readonly flights = new Map<string, Flight>()
  /** Slots a snapshot restored that no backend answer has replaced since: a restored listing proves no absence. */
  readonly unconfirmed = new Set<string>()
  private readonly shared = new SharedValues()
  private readonly codec: SlotCodec
  /** Memos of fresh plain slots, for the hot path (hot-reads.ts). */
  readonly memos: HotMemos
  private seq = 0
  private closed = false
  private readonly counters = {
    hits: 0,
    misses: 0,
    staleServed: 0,
    negativeHits: 0,
    integrityFailures: 0,
    evictions: 0,
    loadErrors: 0,
  }

  /**
   * `staleMs`: how long a read that holds a value within `maxStale` waits for a load before it answers
   * with that value and lets the load finish in the background (the config client's `timeouts.staleMs`).
   */
  constructor(
    options: CacheOptions = {},
    private readonly hooks: CacheHooks = {},
    private readonly staleMs = Number.POSITIVE_INFINITY,
  ) {
    rejectUnknownOptions(options, cacheOptionNames, 'cache options')
    const clock = options.clock ?? Date
    this.options = {
      ...cacheDefaults,
      clock,
      random: Math.random,
      ...stripUndefined(options),
      keyProvider: options.keyProvider ?? localKeyProvider({ now: () => clock.now() }),
    }
    this.codec = new SlotCodec(this.options)
    this.memos = new HotMemos(clock, (key) => this.lru.get(key, HOT_GET), this.counters)
    this.lru = new LRUCache<string, Slot>({
      max: this.options.maxEntries,
      maxSize: this.options.maxBytes,
      sizeCalculation: (slot, key) => slotBytes(key, slot),
      dispose: (slot, _key, reason) => {
        slot.retired = true
        if (reason === 'evict') this.counters.evictions++
        this.codec.release(slot)
      },
    })
  }

  /**
   * The entry for `key` (undefined when the backend says it does not exist): from the cache while fresh,
   * otherwise from `load`, once per key however many callers wait. States: see slot-state.ts.
   */
  read(key: string, load: Loader): Promise<Entry | undefined> {
    const slot = this.lru.get(key)
    const now = this.options.clock.now()
    switch (this.stateAt(key, slot, now)) {
      case 'fresh':
        if (slot!.kind === 'missing') return this.answer('negative', undefined)
        return this.answer('hit', this.serve(key, slot as HeldSlot, load))
      case 'stale':
        if (!this.flights.has(key)) this.startLoad(key, load).promise.catch(() => undefined)
        return this.answer('stale', this.serve(key, slot as HeldSlot, load))
      default:
        return this.readThrough(key, load, slot, now)
    }
  }

  /** The state of `key`'s slot now (slot-state.ts). */
  state(key: string): SlotState {
    return this.stateAt(key, this.lru.get(key), this.options.clock.now())
  }

  /**
   * The text of a fresh slot, synchronously, for the config client's hot path: a plain value as stored, a
   * sealed one opened (when the key provider holds its key in memory). MISS whenever the answer needs more
   * (a load, an async key, a slot that fails to open, bytes, a "not found", a secret): then `read`.
   */
  freshText(key: string, memo?: (memo: HotMemo) => void): string | typeof MISS {
    const slot = this.freshTextSlot(key)
    // A secret's text is never a hot answer: the full read refuses it (client/secret-reads.ts).
    const text = slot === undefined || isSecretKind(slot.meta) ? MISS : this.textOf(key, slot)
    if (text !== MISS) this.count('hit')
    const made = memo && slot?.kind === 'plain' ? this.memos.of(key, slot) : undefined
    if (made) memo!(made)
    return text
  }

  /** Whether `key` holds a fresh "not found" (a negative hit, counted unless `count` is false). */
  freshlyMissing(key: string, count = true): boolean {
    if (this.freshSlot(key)?.kind !== 'missing') return false
    if (count) this.count('negative')
    return true
  }

  /**
   * What `make` makes of a fresh slot's text, shared while anyone holds it (SharedValues). With `version`,
   * only from a slot of that version (a full read asks for the version it read, and is not counted again).
   * MISS as `freshText`.
   */
  freshShared<T extends object>(
    key: string,
    make: (text: string) => Promise<T>,
    version?: string,
  ): Promise<T> | typeof MISS {
    const slot = this.freshTextSlot(key)
    if (slot === undefined || (version !== undefined && slot.meta.version !== version)) return MISS
    const made = this.shared.of(slot, () => this.textOf(key, slot), make)
    if (made !== MISS && version === undefined) this.count('hit')
    return made
  }

  /** As `freshShared`, synchronously: `make` answers at once (MISS when it cannot). */
  freshSharedNow<T extends object>(key: string, make: (text: string) => T | typeof MISS): T | typeof MISS {
    const slot = this.freshTextSlot(key)
    if (slot === undefined) return MISS
    const made = this.shared.ofNow(slot, () => this.textOf(key, slot), make)
    if (made !== MISS) this.count('hit')
    return made
  }

  /**
   * A sync read's look at `key`, which cannot wait: the slot held, in any state. One that is not fresh
   * starts a load in the background (unless one runs), as a stale read does; the caller decides whether
   * it may answer (`servableWithoutWaiting`) and counts the answer.
   */
  heldSlot(key: string, load: Loader): Slot | undefined {
    const slot = this.lru.get(key)
    if (slot === undefined || this.options.clock.now() <= slot.freshUntil) return slot
    if (!this.closed && !this.flights.has(key)) this.startLoad(key, load).promise.catch(() => undefined)
    return slot
  }

  /** The value of a held value slot, synchronously: as stored, or opened; MISS when it does not open at once. */
  valueNow(key: string, slot: HeldSlot): string | Uint8Array | typeof MISS {
    return slot.kind === 'plain' ? slot.value : this.codec.openValue(key, slot)
  }

  /** The one lookup of a hot read: the slot when its state is fresh. */
  private freshSlot(key: string): Slot | undefined {
    const slot = this.lru.get(key, HOT_GET)
    return slot !== undefined && this.options.clock.now() <= slot.freshUntil ? slot : undefined
  }

  /** A fresh slot that holds text (not a "not found", not bytes). */
  private freshTextSlot(key: string): HeldSlot | undefined {
    const slot = this.freshSlot(key)
    return slot === undefined || slot.kind === 'missing' || slot.meta.valueKind === 'bytes' ? undefined : slot
  }

  private stateAt(key: string, slot: Slot | undefined, now: number): SlotState {
    return slotState(slot, now, this.options, this.flights, key)
  }

  /** Every read's answer is counted here, by how it was answered. */
  count(how: 'hit' | 'negative' | 'stale' | 'miss'): void {
    const c = this.counters
    if (how === 'hit') c.hits++
    else if (how === 'negative') {
      c.hits++
      c.negativeHits++
    } else if (how === 'stale') c.staleServed++
    else c.misses++
  }

  private answer<T>(how: 'hit' | 'negative' | 'stale' | 'miss', value: T): Promise<Awaited<T>> {
    this.count(how)
    return Promise.resolve(value) as Promise<Awaited<T>>
  }

  /** The text of a text slot: as stored, or opened; MISS when it does not open synchronously. */
  private textOf(key: string, slot: HeldSlot): string | typeof MISS {
    const value = this.valueNow(key, slot)
    return typeof value === 'string' ? value : MISS
  }

  /**
   * Loads `key` again, reading the backend after this call: never joins a load that started earlier.
   * Resolves false when the load failed; the last good value then stays (and the failure went to `loadError`).
   */
  async refresh(key: string, load: Loader): Promise<boolean> {
    try {
      await this.startLoad(key, load).promise
      return true
    } catch {
      return false
    }
  }

  /** A number to pass to `prime` for entries read by a call that starts now (a `list`). */
  mark(): number {
    return ++this.seq
  }

  /**
   * Stores an entry obtained elsewhere (a `list` page that started at `since`) as if it had been loaded;
   * `fromSnapshot`: restored from a snapshot, so `unconfirmed` until the backend answers for it.
   */
  async prime(
    key: string,
    entry: Entry | undefined,
    since = this.mark(),
    fromSnapshot = false,
  ): Promise<void> {
    if (this.closed) return
    try {
      const current = unexpired(entry, this.options.clock.now())
      this.store(key, await this.codec.make(key, current, since, () => !this.closed), current)
      if (fromSnapshot) this.unconfirmed.add(key)
    } catch (error) {
      if (!(error instanceof Abandoned)) throw error
    }
  }

  /** Forgets `key` (or everything). A load in flight still answers its callers, but is not stored. */
  invalidate(key?: string): void {
    if (key === undefined) {
      this.unconfirmed.clear()
      for (const flight of this.flights.values()) abandon(flight)
      this.flights.clear()
      this.lru.clear()
      return
    }
    this.unconfirmed.delete(key)
    abandon(this.flights.get(key))
    this.flights.delete(key)
    this.lru.delete(key)
  }

  /** Whether a load of `key` is in flight. */
  loading(key: string): boolean {
    return this.flights.has(key)
  }

  /** Keys currently held, fresh or stale. */
  keys(): string[] {
    return [...this.lru.keys()]
  }

  /** The stored slot, ciphertext and all, for diagnostics and tamper tests. Holds no plaintext when sealed. */
  inspectSlot(key: string): Slot | undefined {
    return this.lru.peek(key)
  }

  stats(): CacheStats {
    return {
      ...this.counters,
      seals: this.codec.seals,
      entries: this.lru.size,
      bytes: this.lru.calculatedSize,
      crypto: { cipher: this.codec.aead.name, implementation: this.codec.aead.implementation },
    }
  }

  /** Empties the cache for good: loads still running answer their callers without sealing, so no data key is made. */
  close(): void {
    this.closed = true
    this.memos.close()
    this.invalidate()
  }

  /** A read that waits for a load: joins the one in flight or starts one (states loading, failed, expired, missing). */
  private async readThrough(
    key: string,
    load: Loader,
    slot: Slot | undefined,
    now: number,
  ): Promise<Entry | undefined> {
    const flight = this.flights.get(key) ?? this.startLoad(key, load)
    // A read holding a value it may serve if the backend fails waits at most `staleMs` for the load.
    const servable = mayServeOnFailure(slot, now, this.options.maxStale) ? slot : undefined
    let entry: Entry | undefined
    try {
      const answer =
        servable && Number.isFinite(this.staleMs)
          ? await answerOrStale(flight.promise, this.staleMs)
          : await flight.promise
      if (answer === STALE) return await this.answer('stale', this.serve(key, servable!, load))
      entry = answer
    } catch (error) {
      const held = this.lru.peek(key)
      if (mayServeOnFailure(held, this.options.clock.now(), this.options.maxStale))
        return await this.answer('stale', this.serve(key, held, load))
      if (held === undefined) throw isParamkitError(error) ? error : unavailable(key, error)
      this.lru.delete(key)
      throw unavailable(key, error)
    }
    this.count('miss')
    return entry
  }

  /** Serves a stored value, synchronously when the key provider holds the key in memory. */
  private serve(key: string, slot: HeldSlot, load: Loader): Entry | Promise<Entry> {
    if (slot.kind === 'plain') return entryOf(key, slot, slot.value)
    try {
      const opened = this.codec.open(key, slot)
      return opened instanceof Promise ? opened.catch((error) => this.reload(key, slot, load, error)) : opened
    } catch (error) {
      return this.reload(key, slot, load, error)
    }
  }

  /** A value that fails to open (tampered, or its data key is gone) is never served: dropped and loaded again. */
  private async reload(key: string, slot: Slot, load: Loader, error: unknown): Promise<Entry> {
    const code = isParamkitError(error) ? error.code : undefined
    if (code !== 'INTEGRITY' && code !== 'DATA_KEY_GONE') throw error
    if (code === 'INTEGRITY') this.counters.integrityFailures++
    if (this.lru.peek(key) === slot) this.lru.delete(key)
    const entry = await (this.flights.get(key) ?? this.startLoad(key, load)).promise
    if (!entry) throw unavailable(key, error)
    return entry
  }

  /** Starts a load that supersedes any in flight: later readers join it, earlier ones keep theirs. */
  private startLoad(key: string, load: Loader): Flight {
    const superseded = this.flights.get(key)
    const flight: Flight = { seq: ++this.seq, abandoned: false, promise: undefined as never, superseded }
    this.flights.set(key, flight)
    flight.promise = this.runLoad(key, load, flight)
    return flight
  }

  private async runLoad(key: string, load: Loader, flight: Flight): Promise<Entry | undefined> {
    let entry: Entry | undefined
    try {
      entry = unexpired(await load(), this.options.clock.now())
    } catch (error) {
      if (this.flights.get(key) === flight) this.flights.delete(key)
      this.counters.loadErrors++
      const held = this.lru.peek(key)
      if (held && !flight.abandoned && held.seq < flight.seq) held.failedAt = this.options.clock.now()
      this.hooks.loadError?.(key, error)
      throw error
    }
    const wanted = () => !flight.abandoned && !this.closed
    try {
      if (wanted()) this.store(key, await this.codec.make(key, entry, flight.seq, wanted), entry)
    } catch (error) {
      if (!(error instanceof Abandoned)) throw error
    } finally {
      if (this.flights.get(key) === flight) this.flights.delete(key)
    }
    return entry
  }

  /** Keeps a new slot unless a newer load or listing already answered; a slot not kept gives back its key. */
  private store(key: string, slot: Slot, entry: Entry | undefined): void {
    this.unconfirmed.delete(key)
    const held = this.lru.peek(key)
    if (held !== undefined && held.seq > slot.seq) {
      this.codec.release(slot)
      return
    }
    if (slot.kind === 'missing' && this.options.negativeTtl <= 0) this.lru.delete(key)
    else {
      this.lru.set(key, slot)
      // lru-cache refuses a slot larger than its byte bound without disposing it.
      if (this.lru.peek(key) !== slot) this.codec.release(slot)
    }
    if (held === undefined) return
    const before = held.kind === 'missing' ? undefined : held.meta.version
    if (before !== entry?.version) this.hooks.change?.(key, before, entry?.version)
  }
}

/** lru-cache's `get` options, made once: its default is a new object per call, a hot read's only allocation. */
const HOT_GET: LRUCache.GetOptions<string, Slot, unknown> = {}
