import type { Entry } from '../backend.js'
import type { EncryptedCache } from '../cache/encrypted-cache.js'
import type { Resolution } from '../resolver.js'
import { SKIPPED } from './policy/batcher.js'

/** What reading a key's candidates needs from the client around it. */
export interface CandidateReads {
  /** The entry of one full name, cached or loaded (batched with every name asked in the same tick). */
  read(name: string): Promise<Entry | undefined>
  /** Whether the cache answers `name` without a backend call. */
  isFresh(name: string): boolean
  /**
   * Asks for `name` only in a spare slot of a call that happens anyway: SKIPPED when there was none.
   * What it learns is stored as a load's answer would be.
   */
  offer(name: string): Promise<Entry | undefined | typeof SKIPPED>
  /** Whether a fresh cached listing shows that `name` does not exist, so asking would waste a call. */
  provenAbsent(name: string): Promise<boolean>
}

/**
 * The first of a key's candidates (most specific first) that exists, remembered on the resolution.
 * Candidates the cache answers are read in order. The first one it cannot answer is asked; the levels
 * after it ride in spare slots of the same round's calls (a lone read's fit in its one call), and those
 * that found no room are asked in a second round, only when the first level is missing. Once a key has
 * answered, reloads ask only the levels up to the one that answered. Candidates a fresh cached listing
 * proves absent are not asked at all.
 */
export async function readFirstCandidate(
  resolution: Resolution,
  reads: CandidateReads,
): Promise<Entry | undefined> {
  const { candidates } = resolution
  let i = 0
  for (; i < candidates.length && reads.isFresh(candidates[i]!); i++) {
    const entry = await reads.read(candidates[i]!)
    if (entry) return answered(resolution, i, entry)
  }
  const last = resolution.answeredAt ?? candidates.length - 1
  for (
    let from = i, to = Math.max(i, last);
    from < candidates.length;
    from = to + 1, to = candidates.length - 1
  ) {
    const found = await askTogether(candidates.slice(from, to + 1), reads)
    if (found) return answered(resolution, from + found.at, found.entry)
  }
  resolution.answeredAt = undefined
  return undefined
}

function answered(resolution: Resolution, at: number, entry: Entry): Entry {
  resolution.answeredAt = at
  return entry
}

async function askTogether(
  names: readonly string[],
  reads: CandidateReads,
  spare = true,
): Promise<{ at: number; entry: Entry } | undefined> {
  const absent = await Promise.all(names.map((name) => reads.provenAbsent(name)))
  const first = absent.indexOf(false)
  const pending = names.map((name, j) =>
    absent[j] ? undefined : spare && j > first ? reads.offer(name) : reads.read(name),
  )
  // A later candidate's failure matters only if every earlier one is missing; the loop below sees it then.
  for (const read of pending) read?.catch(() => undefined)
  for (const [at, read] of pending.entries()) {
    const entry = await read
    if (entry === SKIPPED) {
      const rest = await askTogether(names.slice(at), reads, false)
      return rest && { at: at + rest.at, entry: rest.entry }
    }
    if (entry) return { at, entry }
  }
  return undefined
}

/** Whether the cache holds `key` fresh: a read of it makes no backend call. */
export function isFreshIn(cache: EncryptedCache, key: string): boolean {
  const slot = cache.inspectSlot(key)
  return slot !== undefined && cache.options.clock.now() <= slot.freshUntil
}
