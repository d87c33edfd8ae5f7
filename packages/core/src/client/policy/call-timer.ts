/**
 * The budget of one backend call: an AbortSignal for the backend (and the SDK's `send`), aborted when
 * `ms` pass without progress or when the client closes. `race` settles as soon as the signal aborts,
 * whether or not the backend honours it, so a call that never answers is abandoned on time.
 */
export class CallTimer {
  private readonly controller = new AbortController()
  private timer: NodeJS.Timeout | undefined
  private readonly aborted: Promise<never>
  timedOut = false

  constructor(
    private readonly ms: number,
    private readonly closing: AbortSignal,
    /** The read's deadline, not `callMs`, set `ms`: its abort says so (`cutByDeadline`), as no verdict on the backend. */
    private readonly cut = false,
  ) {
    this.aborted = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(this.controller.signal.reason), {
        once: true,
      })
    })
    this.aborted.catch(() => undefined)
    this.onClose = this.onClose.bind(this)
    if (closing.aborted) this.controller.abort(closing.reason)
    else closing.addEventListener('abort', this.onClose, { once: true })
    this.reset()
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** Starts the budget again: a listing's next page gets a full `ms`. */
  reset(): void {
    clearTimeout(this.timer)
    if (this.controller.signal.aborted) return
    this.timer = setTimeout(() => {
      this.timedOut = true
      const reason = new DOMException(`The call took longer than ${this.ms} ms`, 'TimeoutError')
      if (this.cut) Object.defineProperty(reason, 'cutByDeadline', { value: true })
      this.controller.abort(reason)
    }, this.ms)
  }

  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.aborted])
  }

  /** The call settled: the timer and the close listener go. */
  done(): void {
    clearTimeout(this.timer)
    this.closing.removeEventListener('abort', this.onClose)
  }

  private onClose(): void {
    this.controller.abort(this.closing.reason)
  }
}
