/**
 * How fast this process may call a backend, learnt from its own throttles only (a process cannot see how
 * many others share the account). Unlimited until the backend first throttles; then a rate (calls per
 * second) that every listing and batch on the backend shares:
 * - the first throttle drops to `initialRate` (0.5/s: 100 processes at that rate ask for about 50 calls a
 *   second, near Parameter Store's default 40); a later one halves the rate, once per congestion event
 *   (calls that started before the last decrease do not decrease it again);
 * - the rate grows with the time since the last decrease (`growthPerSecond` calls/s each second), not per
 *   success, so the processes still waiting at the end of a fleet start speed up as the others finish;
 * - a throttle also holds every call back for a jittered gap at the new rate (0.5 to 1.5 × 1/rate), so the
 *   fleet's retries spread out instead of arriving together;
 * - after `quietMs` without a throttle the rate is lifted.
 */
export interface AdaptiveRateOptions {
  initialRate?: number
  minRate?: number
  growthPerSecond?: number
  quietMs?: number
}

export class AdaptiveRate {
  private base = Number.POSITIVE_INFINITY
  private lastDecrease = Number.NEGATIVE_INFINITY
  private lastStart = Number.NEGATIVE_INFINITY
  private holdUntil = Number.NEGATIVE_INFINITY
  private starts = 0
  private readonly initialRate: number
  private readonly minRate: number
  private readonly growth: number
  private readonly quietMs: number

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
    options: AdaptiveRateOptions = {},
  ) {
    this.initialRate = options.initialRate ?? 0.5
    this.minRate = options.minRate ?? 0.1
    this.growth = options.growthPerSecond ?? 0.2
    this.quietMs = options.quietMs ?? 30_000
  }

  /** Calls per second now allowed (Infinity before the first throttle and after a quiet spell). */
  get current(): number {
    if (this.base === Number.POSITIVE_INFINITY) return this.base
    const quiet = this.now() - this.lastDecrease
    if (quiet >= this.quietMs) {
      this.base = Number.POSITIVE_INFINITY
      return this.base
    }
    return this.base + (this.growth * quiet) / 1000
  }

  /** Whether no call has started on this backend yet (a process starting up). */
  get untouched(): boolean {
    return this.starts === 0
  }

  /**
   * 0 when a call may start now (the start is recorded), else the milliseconds to wait before asking
   * again. Checking and recording happen in one synchronous step, so concurrent callers are spaced.
   * Ask again after waiting: the rate grows meanwhile, so the wait may turn out shorter.
   */
  admit(): number {
    const now = this.now()
    const rate = this.current
    const at = Math.max(
      this.holdUntil,
      rate === Number.POSITIVE_INFINITY ? now : this.lastStart + 1000 / rate,
    )
    if (at > now) return at - now
    this.lastStart = now
    this.starts++
    return 0
  }

  /** A call that started at `startedAt` was throttled; the hold it puts on the next call is at most `capMs`. */
  throttled(startedAt: number, capMs = Number.POSITIVE_INFINITY): void {
    const now = this.now()
    if (startedAt > this.lastDecrease) {
      const rate = this.current
      this.base = rate === Number.POSITIVE_INFINITY ? this.initialRate : Math.max(this.minRate, rate / 2)
      this.lastDecrease = now
    }
    const gap = (1000 / this.current) * (0.5 + this.random())
    this.holdUntil = Math.max(this.holdUntil, now + Math.min(gap, capMs))
  }
}

/** Waits until `rate` admits a call, re-asking at least every 100 ms; throws `late()` past `deadline`. */
export async function admitted(
  rate: AdaptiveRate,
  now: () => number,
  deadline: number,
  late: () => Error,
): Promise<number> {
  for (let wait = rate.admit(); wait > 0; wait = rate.admit()) {
    if (now() + wait > deadline) throw late()
    await sleep(Math.min(wait, 100))
  }
  return now()
}

// Not unref'd: a load at start-up may be all that keeps the process alive, and the deadline bounds it.
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const rates = new WeakMap<object, AdaptiveRate>()

/** The one rate per backend object in this process, shared by every config client that uses it. */
export function rateFor(backend: object): AdaptiveRate {
  let rate = rates.get(backend)
  if (!rate) {
    rate = new AdaptiveRate()
    rates.set(backend, rate)
  }
  return rate
}
