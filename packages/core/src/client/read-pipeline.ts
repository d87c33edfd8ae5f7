import type { Entry } from '../backend.js'
import type { EncryptedCache } from '../cache/encrypted-cache.js'
import { isOwnKey } from '../cache/slot.js'
import { MISS } from '../cache/slot-codec.js'
import { NotFoundError } from '../errors.js'
import { extractField } from '../json-field.js'
import { type KeyResolver, type ListingKey, listingKey, type NameKey, type Resolution } from '../resolver.js'
import { type Batcher, SKIPPED } from './policy/batcher.js'
import { entryText } from './values.js'

export { MISS }

/** Reads of slots for one call: `getMany` shares one per slot, so `db#user` and `db#password` never tear. */
type SlotReads = (key: NameKey) => Promise<Entry | undefined>

/**
 * Every read of a key, hot or cold, goes through here. The hot path: the memoised resolution names the
 * candidate that answered last, and that slot's fresh text is the answer (one lookup, no promise chain).
 * Anything else takes the cold path: the candidates in order, the cache's state of each deciding whether
 * it is read, asked in a call of its own, or offered a spare slot of a call made anyway.
 */
export class ReadPipeline {
  constructor(
    private readonly resolver: KeyResolver,
    private readonly cache: EncryptedCache,
    private readonly batcher: Batcher,
    private readonly backendName: string,
  ) {}

  /** A fresh hit's text, or MISS when the answer needs more (a first read, a stale slot, a field, bytes). */
  hotText(key: string): string | typeof MISS {
    const resolution = this.resolver.resolved.get(key)
    const memo = resolution?.hot
    if (memo !== undefined) {
      const text = this.cache.memos.text(memo)
      if (text !== MISS) return text
      resolution!.hot = undefined
    }
    const name = this.hotSlot(key)
    if (name === MISS) return MISS
    // Answered by the first candidate: its slot alone decides, so the next hot read may go straight to it.
    return this.cache.freshText(name, resolution!.answeredAt === 0 ? (m) => (resolution!.hot = m) : undefined)
  }

  /**
   * The shared value `make` makes of a fresh hit's text (EncryptedCache.freshShared), or MISS. With `read`,
   * the entry a full read of `key` just gave: only from the slot that holds that entry's version.
   */
  hotShared<T extends object>(
    key: string,
    make: (text: string) => Promise<T>,
    read?: Entry,
  ): Promise<T> | typeof MISS {
    const name = this.hotSlot(key, read === undefined)
    if (name === MISS || (read && !isOwnKey(name, read))) return MISS
    return this.cache.freshShared(name, make, read?.version)
  }

  /** As `hotShared`, synchronously, for sync reads: `make` answers at once (MISS when it cannot). */
  hotSharedNow<T extends object>(key: string, make: (text: string) => T | typeof MISS): T | typeof MISS {
    const name = this.hotSlot(key)
    return name === MISS ? MISS : this.cache.freshSharedNow(name, make)
  }

  /** The first candidate of `key` that exists; NotFoundError naming every candidate tried. */
  async entry(key: string, reads: SlotReads = (k) => this.loadSlot(k)): Promise<Entry> {
    const resolution = this.resolver.resolve(key)
    const entry = await this.firstCandidate(resolution, reads)
    if (entry) return entry
    const tried = resolution.candidates.map((c) => `"${c}"`).join(', ')
    throw new NotFoundError(`Key "${key}" not found; tried ${tried}`, {
      key,
      backend: this.backendName,
      operation: 'get',
    })
  }

  /** Entries of several keys, each slot read once for the whole call. */
  many(keys: readonly string[]): Promise<Entry[]> {
    for (const key of keys) this.resolver.resolve(key) // every key checked before the first call
    const once = new Map<string, Promise<Entry | undefined>>()
    const reads: SlotReads = (k) => once.get(k.slot) ?? once.set(k.slot, this.loadSlot(k)).get(k.slot)!
    return Promise.all(keys.map((key) => this.entry(key, reads)))
  }

  /** The entry of one full name, `name#field` derived from its secret's slot on every read. */
  async read(key: NameKey, reads: SlotReads = (k) => this.loadSlot(k)): Promise<Entry | undefined> {
    const entry = await reads(key)
    if (!entry || key.field === undefined) return entry
    try {
      return extractField(entry, key.field, this.backendName)
    } catch (error) {
      if (NotFoundError.is(error)) return undefined
      throw error
    }
  }

  /** Reloads one slot, reading the backend after this call; false when the load failed. */
  refresh(key: NameKey): Promise<boolean> {
    return this.cache.refresh(key.slot, () => this.batcher.load(key.slot))
  }

  /** Names a cached listing holds (none when it is not cached). */
  async namesIn({ slot }: ListingKey): Promise<string[]> {
    const listing = await this.cache.read(slot, async () => undefined)
    return listing ? (JSON.parse(entryText(listing)) as string[]) : []
  }

  /**
   * Whether a fresh cached listing of one of the name's levels shows that it does not exist. Only a
   * listing the cache answers without a call counts; `name#field` and `name:selector` go by `name`.
   */
  private async provesAbsent({ base }: NameKey): Promise<false | 'listed' | 'booted'> {
    if (!base.startsWith('/')) return false
    for (let slash = base.lastIndexOf('/'); slash >= 0; slash = base.lastIndexOf('/', slash - 1)) {
      const listing = listingKey(slash === 0 ? '/' : base.slice(0, slash))
      // A listing slot that says "none" (left by a failed reload) proves nothing.
      if (
        this.cache.state(listing.slot) === 'fresh' &&
        this.cache.inspectSlot(listing.slot)?.kind !== 'missing'
      ) {
        if ((await this.namesIn(listing)).includes(base)) return false
        return this.cache.unconfirmed.has(listing.slot) ? 'booted' : 'listed'
      }
      if (slash === 0) break
    }
    return false
  }

  private loadSlot(key: NameKey): Promise<Entry | undefined> {
    return this.cache.read(key.slot, () => this.batcher.load(key.slot))
  }

  /** The slot that answers `key` without a load, or MISS: the levels above it must be fresh "not found"s. */
  private hotSlot(key: string, count = true): string | typeof MISS {
    const resolution = this.resolver.known(key)
    const at = resolution?.answeredAt
    if (at === undefined) return MISS
    const { keys } = resolution!
    for (let i = 0; i < at; i++) if (!this.cache.freshlyMissing(keys[i]!.slot, count)) return MISS
    const answering = keys[at]!
    return answering.field === undefined ? answering.slot : MISS
  }

  /**
   * The first of the candidates (most specific first) that exists, remembered on the resolution.
   * Fresh ones are read in order. The first one the cache cannot answer is asked; the levels after it ride
   * in spare slots of the same round's calls (a lone read's fit in its one call), and those that found no
   * room are asked in a second round, only when the first level is missing. Once a key has answered,
   * reloads ask only the levels up to it. Candidates a fresh cached listing proves absent are not asked.
   */
  private async firstCandidate(resolution: Resolution, reads: SlotReads): Promise<Entry | undefined> {
    const { keys } = resolution
    let i = 0
    for (; i < keys.length && this.cache.state(keys[i]!.slot) === 'fresh'; i++) {
      const entry = await this.read(keys[i]!, reads)
      if (entry) return answered(resolution, i, entry)
    }
    const last = resolution.answeredAt ?? keys.length - 1
    for (let from = i, to = Math.max(i, last); from < keys.length; from = to + 1, to = keys.length - 1) {
      const found = await this.askTogether(keys.slice(from, to + 1), reads)
      if (found) return answered(resolution, from + found.at, found.entry)
    }
    resolution.answeredAt = undefined
    return undefined
  }

  private async askTogether(
    keys: readonly NameKey[],
    reads: SlotReads,
    spare = true,
  ): Promise<{ at: number; entry: Entry } | undefined> {
    const proofs = await Promise.all(keys.map((key) => this.provesAbsent(key)))
    // A snapshot's listings (not yet listed again) may skip a level, but never make "not found" alone:
    // a name added after the snapshot was taken would be missed.
    const booted = proofs.every(Boolean) && proofs.includes('booted')
    const absent = proofs.map((proof) => (booted ? proof === 'listed' : proof !== false))
    const first = absent.indexOf(false)
    const pending = keys.map((key, j) =>
      absent[j] ? undefined : spare && j > first ? this.offer(key, reads) : this.read(key, reads),
    )
    // A later candidate's failure matters only if every earlier one is missing; the loop below sees it then.
    for (const read of pending) read?.catch(() => undefined)
    for (const [at, read] of pending.entries()) {
      const entry = await read
      if (entry === SKIPPED) {
        const rest = await this.askTogether(keys.slice(at), reads, false)
        return rest && { at: at + rest.at, entry: rest.entry }
      }
      if (entry) return { at, entry }
    }
    return undefined
  }

  /** A fallback level asked only in a spare slot of a call made anyway; what it learns is cached. */
  private async offer(key: NameKey, reads: SlotReads): Promise<Entry | undefined | typeof SKIPPED> {
    const { slot } = key
    if (key.field !== undefined || this.cache.state(slot) === 'fresh' || this.cache.loading(slot))
      return this.read(key, reads)
    const since = this.cache.mark()
    const entry = await this.batcher.offer(slot)
    if (entry !== SKIPPED) await this.cache.prime(slot, entry, since)
    return entry
  }
}

function answered(resolution: Resolution, at: number, entry: Entry): Entry {
  resolution.answeredAt = at
  return entry
}
