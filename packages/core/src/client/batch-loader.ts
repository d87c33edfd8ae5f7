import type { Backend, Entry, ReadOptions } from '../backend.js'
import { NotFoundError, ValidationError } from '../errors.js'

interface Waiter {
  resolve(entry: Entry | undefined): void
  reject(error: unknown): void
}

/**
 * Collects the names asked for within one turn of the event loop and loads them with one
 * `backend.getMany` (or `get` for a single name). The backend splits the batch to its API's limit.
 */
export class BatchLoader {
  private pending = new Map<string, Waiter[]>()
  private scheduled = false
  calls = 0

  constructor(
    private readonly backend: Backend,
    private readonly readOptions: ReadOptions,
  ) {}

  load(name: string): Promise<Entry | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(name)
      if (waiters) waiters.push({ resolve, reject })
      else this.pending.set(name, [{ resolve, reject }])
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => void this.flush())
      }
    })
  }

  private async flush(): Promise<void> {
    const batch = this.pending
    this.pending = new Map()
    this.scheduled = false
    const names = [...batch.keys()]
    this.calls++
    try {
      const found = await this.fetch(names)
      for (const [name, waiters] of batch) {
        const result = found.get(name)
        for (const w of waiters) {
          if (result instanceof Error) w.reject(result)
          else w.resolve(result)
        }
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error)
    }
  }

  private async fetch(names: string[]): Promise<Map<string, Entry | Error | undefined>> {
    const out = new Map<string, Entry | Error | undefined>()
    if (names.length === 1) {
      const name = names[0]!
      try {
        out.set(name, await this.backend.get(name, this.readOptions))
      } catch (error) {
        if (!NotFoundError.is(error)) throw error
        out.set(name, undefined)
      }
      return out
    }
    const result = await this.backend.getMany(names, this.readOptions)
    for (const entry of result.entries) out.set(entry.name + (entry.selector ?? ''), entry)
    for (const name of result.invalid) {
      out.set(
        name,
        new ValidationError(
          `The ${this.backend.name} backend refused "${name}" as invalid (rule: backend-invalid)`,
          {
            key: name,
            backend: this.backend.name,
            operation: 'getMany',
            rule: 'backend-invalid',
          },
        ),
      )
    }
    return out
  }
}
