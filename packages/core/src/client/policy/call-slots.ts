/**
 * At most `limit` calls to one backend in flight at once (shared by its clients): a burst of cold reads
 * reaches a throttled account a few calls at a time, so a throttle stops the calls not yet started
 * instead of refusing a whole burst. Waiters are served in order; one that gives up leaves the queue.
 */
export class CallSlots {
  private inFlight = 0
  private readonly queue: (() => void)[] = []

  constructor(readonly limit: number) {}

  /**
   * Resolves when a slot is free (`release` it once the call settles). A waiter gives up, with the
   * error `expired()` or `closed()` makes, at `deadline` (epoch ms) or when `signal` aborts.
   */
  acquire(deadline: number, signal: AbortSignal, expired: () => Error, closed: () => Error): Promise<void> {
    if (signal.aborted) return Promise.reject(closed())
    if (this.inFlight < this.limit) {
      this.inFlight++
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const leave = (error: Error) => {
        const at = this.queue.indexOf(take)
        if (at !== -1) this.queue.splice(at, 1)
        done()
        reject(error)
      }
      const onAbort = () => leave(closed())
      const timer = setTimeout(() => leave(expired()), Math.max(0, deadline - Date.now()))
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
      }
      const take = () => {
        done()
        this.inFlight++
        resolve()
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.queue.push(take)
    })
  }

  release(): void {
    this.inFlight--
    this.queue.shift()?.()
  }
}
