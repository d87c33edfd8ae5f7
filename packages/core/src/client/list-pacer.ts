import { isParamkitError, ThrottledError } from '../errors.js'
import { type AdaptiveRate, admitted, rateFor, sleep } from './adaptive-rate.js'

export interface ListRetryOptions {
  /** Milliseconds within which a throttled listing (`getTree`, `load`) is tried again. Default `deadlineMs` when given, else 30 s. */
  listDeadlineMs?: number
  /** Shortest wait after a throttled listing (the adaptive rate usually asks for longer). Default `baseDelayMs` when given, else 0. */
  listBaseDelayMs?: number
  /** Longest hold a throttled listing puts on the next call (the rate's spacing still applies). Default 5 s. */
  listCapDelayMs?: number
  /**
   * A process's first listing starts after a random delay of up to this many milliseconds, so a fleet
   * that starts together does not open with one burst (see the fleet-start benchmark). Default 0: a lone
   * cold start pays nothing; 500 suits a fleet of about a hundred processes that start at once.
   */
  listStartSpreadMs?: number
}

// Listings a cold process runs one at a time before it lists levels together.
const SLOW_START_SUCCESSES = 2

/**
 * Paces this process's listings so a fleet that starts together finishes near the account's limit
 * without a retry storm: the first listing of a process starts after a random spread (when asked); listings share
 * the backend's adaptive rate with batches; a cold process runs one listing at a time until two have
 * succeeded, and so does a process that has been throttled; a throttled listing waits what the rate
 * asks (a jittered gap, so the fleet's retries do not line up), then tries again.
 */
export class ListPacer {
  private successes = 0
  private running = 0
  private readonly queue: (() => void)[] = []
  private readonly rate: AdaptiveRate

  constructor(
    backend: object,
    private readonly options: ListRetryOptions & { deadlineMs?: number; baseDelayMs?: number } = {},
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.rate = rateFor(backend)
  }

  async run<T>(list: () => Promise<T>): Promise<T> {
    const { listDeadlineMs, deadlineMs, listBaseDelayMs, baseDelayMs } = this.options
    const cap = this.options.listCapDelayMs ?? 5000
    const floor = Math.min(listBaseDelayMs ?? baseDelayMs ?? 0, cap)
    const late = () => new ThrottledError('Listing paced past its retry deadline', { operation: 'list' })
    // A listing keeps its turn while it waits to try again: a cold process stays at one call at a time.
    await this.enter()
    // The deadline counts from this listing's turn: waiting behind a cold process's other listings is not retrying.
    const deadline = this.now() + (listDeadlineMs ?? deadlineMs ?? 30_000)
    try {
      if (this.rate.untouched) {
        // Only what the deadline allows: with a snapshot to fall back on (deadline 0) there is no spread.
        const spread = this.random() * (this.options.listStartSpreadMs ?? 0)
        if (spread > 0 && this.now() + spread <= deadline) await sleep(spread)
      }
      for (;;) {
        const startedAt = await admitted(this.rate, this.now, deadline, late)
        try {
          const result = await list()
          this.successes++
          return result
        } catch (error) {
          if (!isParamkitError(error) || error.code !== 'THROTTLED') throw error
          this.rate.throttled(startedAt, cap)
          if (this.now() + floor >= deadline) throw error
          if (floor > 0) await sleep(floor)
        }
      }
    } finally {
      this.leave()
    }
  }

  private get limit(): number {
    const cold = this.successes < SLOW_START_SUCCESSES
    return cold || this.rate.current !== Number.POSITIVE_INFINITY ? 1 : Number.POSITIVE_INFINITY
  }

  private async enter(): Promise<void> {
    if (this.running < this.limit) this.running++
    else await new Promise<void>((resolve) => this.queue.push(resolve))
  }

  /** A finishing listing hands its turn on: to one waiter while cold or throttled, else to all. */
  private leave(): void {
    this.running--
    while (this.queue.length > 0 && this.running < this.limit) {
      this.running++
      this.queue.shift()!()
    }
  }
}
