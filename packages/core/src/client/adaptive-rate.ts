/**
 * How fast this process may call a backend: unlimited until the backend first throttles, then an
 * additive-increase / multiplicative-decrease rate (calls per second) that every batch shares. A throttle
 * halves the rate actually used over the last second (once per congestion event: calls that started before
 * the last decrease do not decrease it again); each success adds one call per second back.
 */
export class AdaptiveRate {
  private rate = Number.POSITIVE_INFINITY
  private nextStart = 0
  private lastDecrease = Number.NEGATIVE_INFINITY
  private readonly recent: number[] = []

  constructor(
    private readonly now: () => number = Date.now,
    private readonly minRate = 1,
    private readonly maxRate = 10_000,
  ) {}

  /** Milliseconds the caller must wait before its call may start (already reserved for it). */
  reserve(): { wait: number; startsAt: number } {
    const now = this.now()
    this.recent.push(now)
    while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift()
    if (this.rate === Number.POSITIVE_INFINITY) return { wait: 0, startsAt: now }
    const start = Math.max(now, this.nextStart)
    this.nextStart = start + 1000 / this.rate
    return { wait: start - now, startsAt: start }
  }

  succeeded(): void {
    if (this.rate === Number.POSITIVE_INFINITY) return
    this.rate += 1
    if (this.rate > this.maxRate) this.rate = Number.POSITIVE_INFINITY
  }

  /** A call that started at `startedAt` was throttled. */
  throttled(startedAt: number): void {
    if (startedAt <= this.lastDecrease) return
    this.lastDecrease = this.now()
    const used = Math.min(this.rate, Math.max(this.recent.length, this.minRate))
    this.rate = Math.max(this.minRate, used / 2)
  }

  /** Calls per second now allowed (Infinity before the first throttle). */
  get current(): number {
    return this.rate
  }
}

const rates = new WeakMap<object, AdaptiveRate>()
// The least a throttled process slows to: one call per 2 s, so 100 processes sharing an account ask for
// 50 calls a second, near Parameter Store's default 40, rather than 100 at one call a second.
const MIN_RATE = 0.5

/** The one rate per backend object in this process, shared by every config client that uses it. */
export function rateFor(backend: object): AdaptiveRate {
  let rate = rates.get(backend)
  if (!rate) {
    rate = new AdaptiveRate(Date.now, MIN_RATE)
    rates.set(backend, rate)
  }
  return rate
}
