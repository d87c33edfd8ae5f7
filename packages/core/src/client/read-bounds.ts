import { ClosedError, type Operation, type TimeoutBudget, TimeoutError } from '../errors.js'

/**
 * Holds every read the client has not answered yet: each settles within its budget (a TimeoutError
 * that names it), and `close()` rejects them all at once. Only reads that wait are held: a cache hit
 * never comes here.
 */
export class ReadBounds {
  private readonly waiting = new Map<
    (error: Error) => void,
    { key: string; operation: Operation; what: string | undefined }
  >()

  constructor(private readonly backend: string) {}

  bound<T>(
    work: Promise<T>,
    key: string,
    operation: Operation,
    budget: TimeoutBudget,
    ms: number,
    /** How the read is named in messages; default the key, quoted (worked out only when one is made). */
    what?: string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer)
        this.waiting.delete(fail)
      }
      const fail = (error: Error) => {
        settle()
        reject(error)
      }
      const timer = setTimeout(
        () =>
          fail(
            new TimeoutError(
              `Reading ${what ?? quoted(key)} took longer than its ${budget} budget (${ms} ms)`,
              {
                key,
                backend: this.backend,
                operation,
                budget,
                ms,
              },
            ),
          ),
        ms,
      )
      this.waiting.set(fail, { key, operation, what })
      work.then(
        (value) => {
          settle()
          resolve(value)
        },
        (error: unknown) => fail(error as Error),
      )
    })
  }

  /** Rejects every read still waiting with ClosedError. */
  close(): void {
    for (const [fail, { key, operation, what }] of [...this.waiting])
      fail(
        new ClosedError(`Config client closed while reading ${what ?? quoted(key)}`, {
          key,
          operation,
          backend: this.backend,
        }),
      )
  }
}

function quoted(key: string): string {
  return `"${String(key)}"`
}
