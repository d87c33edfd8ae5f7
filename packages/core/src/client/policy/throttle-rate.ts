/**
 * How fast calls to one backend may start: unlimited until the backend first throttles, then an
 * additive-increase / multiplicative-decrease rate (calls per second) on the calls that actually start.
 * Nothing is reserved ahead: a caller asks `delay()`, and only `started()` takes a slot, so a call that
 * never runs (closed, past its budget) costs the others nothing and the rate can always climb again.
 */
export class ThrottleRate {
  private rate = Number.POSITIVE_INFINITY
  private lastStart = Number.NEGATIVE_INFINITY
  private lastDecrease = Number.NEGATIVE_INFINITY
  /** Start times of the last second: the rate actually used when a throttle arrives. */
  private readonly recent: number[] = []

  constructor(
    private readonly now: () => number = Date.now,
    readonly floor = 0.5,
    private readonly ceiling = 10_000,
  ) {}

  /** Milliseconds until a call may start (0: now). Takes nothing: call `started()` when it does start. */
  delay(): number {
    if (this.rate === Number.POSITIVE_INFINITY) return 0
    return Math.max(0, this.lastStart + 1000 / this.rate - this.now())
  }

  /** A call starts now. */
  started(): number {
    const now = this.now()
    this.lastStart = now
    this.recent.push(now)
    while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift()
    return now
  }

  /**
   * Additive increase: each success adds one call per second; after a second with no throttle, each
   * success adds half again (so a backend that has recovered is used fully within seconds, not minutes);
   * unlimited again past the ceiling.
   */
  succeeded(): void {
    if (this.rate === Number.POSITIVE_INFINITY) return
    const quiet = this.now() - this.lastDecrease > 1000
    this.rate = quiet ? Math.max(this.rate + 1, this.rate * 1.5) : this.rate + 1
    if (this.rate > this.ceiling) this.rate = Number.POSITIVE_INFINITY
  }

  /**
   * Multiplicative decrease, once per congestion event: a call that started before the last decrease
   * does not decrease it again. Halves the rate calls actually started at over the last second.
   */
  throttled(startedAt: number): void {
    if (startedAt <= this.lastDecrease) return
    const now = this.now()
    this.lastDecrease = now
    const used = this.recent.filter((t) => t > now - 1000).length
    this.rate = Math.max(this.floor, Math.min(this.rate, Math.max(used, this.floor)) / 2)
  }

  /** Calls per second now allowed (Infinity before the first throttle). */
  get current(): number {
    return this.rate
  }
}
