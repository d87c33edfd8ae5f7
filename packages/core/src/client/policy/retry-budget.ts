/**
 * Finagle's and gRPC's retry budget: retries may be at most `ratio` of the first attempts made over the
 * last `windowMs`, plus `floor` retries per window so a quiet client can still retry. During an outage
 * this caps the extra load retries add, whatever the number of keys or callers.
 */
export class RetryBudget {
  private readonly firsts: number[] = []
  private readonly retries: number[] = []

  constructor(
    private readonly ratio = 0.2,
    private readonly floor = 10,
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A first attempt was made: it earns `ratio` of a retry. */
  attempted(): void {
    const now = this.now()
    // Pruned here too: a client that never retries must not keep every first attempt it ever made.
    prune(this.firsts, now - this.windowMs)
    this.firsts.push(now)
  }

  /** Takes one retry from the budget; false when it is spent. */
  tryRetry(): boolean {
    const now = this.now()
    prune(this.firsts, now - this.windowMs)
    prune(this.retries, now - this.windowMs)
    if (this.retries.length >= this.floor + this.ratio * this.firsts.length) return false
    this.retries.push(now)
    return true
  }

  /** Retries left in the current window. */
  get left(): number {
    const now = this.now()
    prune(this.firsts, now - this.windowMs)
    prune(this.retries, now - this.windowMs)
    return Math.max(0, Math.floor(this.floor + this.ratio * this.firsts.length - this.retries.length))
  }
}

function prune(times: number[], before: number): void {
  let i = 0
  while (i < times.length && times[i]! <= before) i++
  if (i > 0) times.splice(0, i)
}
