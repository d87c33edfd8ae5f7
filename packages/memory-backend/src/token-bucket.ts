/**
 * A token bucket: `capacity` tokens, refilled at `ratePerSecond`. Parameter Store answers
 * ThrottlingException when its per-account bucket (40 TPS for GetParameter* by default) is empty.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    private readonly now: () => number,
  ) {
    this.tokens = capacity
    this.last = now()
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    const now = this.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
