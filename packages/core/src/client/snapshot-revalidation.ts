export interface RevalidationSteps {
  /** Re-reads one name through the normal read path; true when the backend answered (found or not). */
  refresh(name: string): Promise<boolean>
  now(): number
  /** Random source in [0, 1) for the jitter. */
  random(): number
  /** Called once, when the last batch has finished (not after `stop()`). */
  finished?(names: string[], failed: number): void
}

export interface RevalidationCounts {
  /** Names still holding the snapshot's value: not yet revalidated, or their revalidation failed. */
  snapshot: number
  /** Names the backend has answered for since the boot. */
  backend: number
  /** Revalidations that failed; the snapshot's value was kept (last good). */
  failed: number
  /** Names whose revalidation has not finished yet (waiting, or in flight). */
  pending: number
}

interface Batch {
  at: number
  names: string[]
}

/**
 * Revalidates the names a warm boot served, in the background: shuffled into batches of the backend's
 * batch size, one batch at a jittered moment in each equal slice of `windowMs`, so a fleet booting at
 * once spreads its calls and one instance makes about names / batchSize calls. A batch's names are
 * asked for in the same tick, so the batcher sends them as one call. One batch runs at a time: a slow
 * backend delays the next, it never piles calls up. Due times are judged by `now()` when the timer
 * fires, so a timer that fired late (a frozen Lambda) runs every batch due by then, once. The timer is
 * unref'd; `stop()` clears it.
 */
export class Revalidation {
  readonly #fromSnapshot: Set<string>
  readonly #batches: Batch[]
  readonly #counts = { backend: 0, failed: 0 }
  readonly #names: string[]
  #timer: NodeJS.Timeout | undefined
  #inFlight = 0
  #stopped = false

  constructor(
    names: readonly string[],
    windowMs: number,
    batchSize: number,
    private readonly steps: RevalidationSteps,
  ) {
    this.#fromSnapshot = new Set(names)
    this.#names = [...this.#fromSnapshot]
    this.#batches = plan([...this.#fromSnapshot], windowMs, Math.max(1, batchSize), steps)
  }

  start(): void {
    this.#next()
  }

  stop(): void {
    this.#stopped = true
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  counts(): RevalidationCounts {
    const pending = this.#batches.reduce((sum, batch) => sum + batch.names.length, this.#inFlight)
    return { snapshot: this.#fromSnapshot.size, ...this.#counts, pending }
  }

  #next(): void {
    if (this.#stopped) return
    const next = this.#batches[0]
    if (!next) {
      this.steps.finished?.(this.#names, this.#counts.failed)
      return
    }
    this.#timer = setTimeout(() => void this.#run(), Math.max(0, next.at - this.steps.now()))
    this.#timer.unref()
  }

  async #run(): Promise<void> {
    this.#timer = undefined
    const now = this.steps.now()
    const due: string[] = []
    while (this.#batches[0] && this.#batches[0].at <= now) due.push(...this.#batches.shift()!.names)
    this.#inFlight = due.length
    const results = await Promise.all(due.map((name) => this.steps.refresh(name).catch(() => false)))
    this.#inFlight = 0
    if (this.#stopped) return
    for (const [i, ok] of results.entries()) {
      if (!ok) {
        this.#counts.failed++
        continue
      }
      this.#counts.backend++
      this.#fromSnapshot.delete(due[i]!)
    }
    this.#next()
  }
}

/** Shuffled names in batches, batch g due at a random moment of slice g of the window. */
function plan(names: string[], windowMs: number, batchSize: number, steps: RevalidationSteps): Batch[] {
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(steps.random() * (i + 1))
    ;[names[i], names[j]] = [names[j]!, names[i]!]
  }
  const count = Math.ceil(names.length / batchSize)
  const slice = windowMs / Math.max(1, count)
  const start = steps.now()
  return Array.from({ length: count }, (_, g) => ({
    at: start + Math.floor((g + steps.random()) * slice),
    names: names.slice(g * batchSize, (g + 1) * batchSize),
  }))
}
