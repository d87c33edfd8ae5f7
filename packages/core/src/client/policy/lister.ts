import type { CallContext, CallPolicy } from './call-policy.js'
import type { CallTimer } from './call-timer.js'

/**
 * Runs listings (`getTree`, `load`) through the call policy, within `loadMs`. Until a call to the backend
 * has succeeded, one listing runs at a time, so a cold process does not open with a burst; a listing
 * keeps its turn while it waits to try again.
 */
export class Lister {
  private running = 0
  private readonly queue: (() => void)[] = []

  constructor(
    private readonly policy: CallPolicy,
    private readonly loadMs: number,
    /** False when a failed listing has somewhere better to go than another try (a snapshot). */
    private readonly retries = true,
  ) {}

  /** `list` gets the call's budget and a `page()` to call before each page after the first. */
  async run<T>(path: string, list: (call: CallTimer, page: () => Promise<void>) => Promise<T>): Promise<T> {
    const context: CallContext = { operation: 'list', key: path, budget: 'loadMs', budgetMs: this.loadMs }
    const deadline = Date.now() + this.loadMs
    await this.enter()
    try {
      const listing = (call: CallTimer) => list(call, () => this.policy.nextPage(context, deadline, call))
      return await (this.retries
        ? this.policy.run(context, deadline, listing)
        : this.policy.attempt(context, deadline, listing))
    } finally {
      this.leave()
    }
  }

  private async enter(): Promise<void> {
    if (this.policy.parts.warm || this.running === 0) this.running++
    else await new Promise<void>((resolve) => this.queue.push(resolve))
  }

  /** A finishing listing hands its turn on: to one waiter while cold, to all once warm. */
  private leave(): void {
    const waiting = this.policy.parts.warm ? this.queue.splice(0) : this.queue.splice(0, 1)
    this.running += waiting.length - 1
    for (const next of waiting) next()
  }
}
