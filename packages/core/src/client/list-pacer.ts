import { decorrelatedJitter } from '../backend-kit.js'
import { isParamkitError, ThrottledError } from '../errors.js'
import { type AdaptiveRate, rateFor } from './adaptive-rate.js'
import { Pauses } from './pauses.js'

const LISTING = { operation: 'list' } as const

export interface ListRetryOptions {
  /** Milliseconds within which a throttled listing (`getTree`, `load`) is tried again. Default `deadlineMs` when given, else 30 s. */
  listDeadlineMs?: number
  /** Shortest wait after a throttled listing; later waits use decorrelated jitter. Default `baseDelayMs` when given, else 1 s. */
  listBaseDelayMs?: number
  /** Longest wait between tries of a listing. Default 5 s. */
  listCapDelayMs?: number
}

/**
 * Paces this process's listings so a fleet that starts together finishes near the account's limit
 * without a retry storm: listings share the backend's adaptive rate with batches; until one call has
 * succeeded, one listing runs at a time (a cold process does not open with a burst); and a throttled
 * listing waits a decorrelated-jitter delay, at least as long as the rate asks, then tries again.
 */
export class ListPacer {
  private warm = false
  private running = 0
  private readonly queue: (() => void)[] = []
  private readonly rate: AdaptiveRate

  constructor(
    backend: object,
    private readonly options: ListRetryOptions & { deadlineMs?: number; baseDelayMs?: number } = {},
    private readonly pauses = new Pauses(),
    rate = rateFor(backend),
    private readonly now: () => number = Date.now,
  ) {
    this.rate = rate
  }

  async run<T>(list: () => Promise<T>): Promise<T> {
    const { listDeadlineMs, deadlineMs, listBaseDelayMs, baseDelayMs } = this.options
    const deadline = this.now() + (listDeadlineMs ?? deadlineMs ?? 30_000)
    const jitter = decorrelatedJitter({
      baseDelayMs: listBaseDelayMs ?? baseDelayMs ?? 1000,
      capDelayMs: this.options.listCapDelayMs ?? 5000,
    })
    // A listing keeps its turn while it waits to try again: a cold process stays at one call at a time.
    await this.enter()
    try {
      for (;;) {
        this.pauses.check(LISTING)
        const { wait, startsAt } = this.rate.reserve()
        if (wait > 0 && this.now() + wait > deadline)
          throw new ThrottledError('Listing paced past its retry deadline', { operation: 'list' })
        try {
          if (wait > 0) await this.pauses.sleep(wait, LISTING)
          const result = await list()
          this.rate.succeeded()
          this.warm = true
          return result
        } catch (error) {
          if (!isParamkitError(error) || error.code !== 'THROTTLED') throw error
          this.rate.throttled(startsAt)
          const delay = Math.max(jitter.next(), 1000 / this.rate.current)
          if (this.now() + delay > deadline) throw error
          await this.pauses.sleep(delay, LISTING)
        }
      }
    } finally {
      this.leave()
    }
  }

  /** Slow start: while no call has succeeded, one listing at a time (a finishing one hands its turn on). */
  private async enter(): Promise<void> {
    if (this.warm || this.running === 0) this.running++
    else await new Promise<void>((resolve) => this.queue.push(resolve))
  }

  private leave(): void {
    const waiting = this.warm ? this.queue.splice(0) : this.queue.splice(0, 1)
    this.running += waiting.length - 1
    for (const next of waiting) next()
  }
}
