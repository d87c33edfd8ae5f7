import { BackendUnavailableError } from '../errors.js'

/** Named in the error a closed client's waiting read fails with. */
export interface ReadContext {
  operation: 'get' | 'getMany' | 'list'
  key?: string
  backend?: string
}

/**
 * The waits between tries of a client's reads (throttle pacing, backoff), cut short by the client's
 * close(): a closed client's reads stop waiting and make no further backend call. The timers are not
 * unref'd, since a load at start-up may be all that keeps the process alive; retry deadlines bound them
 * and close() clears them.
 */
export class Pauses {
  private closed = false
  private readonly waking = new Set<() => void>()

  /** Resolves after `ms`, or rejects once the client has closed (before or meanwhile). */
  async sleep(ms: number, read: ReadContext): Promise<void> {
    this.check(read)
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.waking.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.waking.add(wake)
    })
    this.check(read)
  }

  /** Throws when the client has closed: the read must not call the backend any more. */
  check(read: ReadContext): void {
    if (this.closed) {
      throw new BackendUnavailableError('Config client closed while this read waited to try again', read)
    }
  }

  close(): void {
    this.closed = true
    for (const wake of [...this.waking]) wake()
  }
}
