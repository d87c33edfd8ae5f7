import type { Backend, Entry, ReadOptions } from '../../backend.js'
import { chunk } from '../../backend-kit.js'
import { isParamkitError, ValidationError } from '../../errors.js'
import type { CallContext, CallPolicy } from './call-policy.js'

/** A name the backend neither returned nor reported: asked for again on its own, never taken as "not found". */
const UNANSWERED = Symbol('unanswered')
/** A spare name that found no spare slot in this round's calls: not asked. */
export const SKIPPED = Symbol('skipped')
type Outcome = Entry | undefined | Error | typeof UNANSWERED

interface Waiter {
  resolve(entry: Entry | undefined | typeof SKIPPED): void
  reject(error: unknown): void
}

interface Pending {
  waiters: Waiter[]
  spare: boolean
}

/**
 * Collects the names asked for within one turn of the event loop and loads them in calls of the
 * backend's batch size (10 for GetParameters, 20 for BatchGetSecretValue), through the call policy.
 * Spare names (a key's fallback levels) ride only in the slots the required names leave free; the rest
 * are answered SKIPPED, so fallbacks cost no call of their own. A batch is split only when it fails for
 * a reason of one member's own (not a transport failure, a timeout or a throttle): then halves are tried.
 */
export class Batcher {
  private pending = new Map<string, Pending>()
  private scheduled = false

  constructor(
    private readonly backend: Backend,
    private readonly policy: CallPolicy,
    private readonly readOptions: ReadOptions,
    private readonly readMs: number,
  ) {}

  /** The entry of `name`, undefined when missing. */
  load(name: string): Promise<Entry | undefined> {
    return this.enqueue(name, false) as Promise<Entry | undefined>
  }

  /** The entry of `name` if a call made anyway has a spare slot for it; SKIPPED when none had. */
  offer(name: string): Promise<Entry | undefined | typeof SKIPPED> {
    return this.enqueue(name, true)
  }

  private enqueue(name: string, spare: boolean): Promise<Entry | undefined | typeof SKIPPED> {
    return new Promise((resolve, reject) => {
      const pending = this.pending.get(name)
      if (pending) {
        pending.waiters.push({ resolve, reject })
        pending.spare &&= spare
      } else this.pending.set(name, { waiters: [{ resolve, reject }], spare })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  private flush(): void {
    const batch = this.pending
    this.pending = new Map()
    this.scheduled = false
    const deadline = Date.now() + this.readMs
    const size = Math.max(1, this.backend.capabilities.batchSize)
    const required = [...batch.keys()].filter((name) => !batch.get(name)!.spare)
    const spares = [...batch.keys()].filter((name) => batch.get(name)!.spare)
    const chunks = chunk(required, size)
    // A lone read's fallbacks still go in its one call; spares never make a call of their own.
    for (const names of chunks) while (names.length < size && spares.length > 0) names.push(spares.shift()!)
    for (const name of spares) for (const w of batch.get(name)!.waiters) w.resolve(SKIPPED)
    for (const names of chunks) {
      void this.settle(names, deadline).then(
        (outcomes) => {
          for (const name of names) {
            const outcome = outcomes.get(name)
            for (const w of batch.get(name)!.waiters) {
              if (outcome instanceof Error) w.reject(outcome)
              else w.resolve(outcome === UNANSWERED ? undefined : outcome)
            }
          }
        },
        // Never leave a caller waiting, whatever went wrong.
        (error: unknown) => {
          for (const name of names) for (const w of batch.get(name)!.waiters) w.reject(error)
        },
      )
    }
  }

  /** Every name's outcome: its entry, undefined when missing, or the error that is its own. */
  private async settle(names: string[], deadline: number): Promise<Map<string, Outcome>> {
    try {
      const out = await this.policy.run(this.context(names), deadline, ({ signal }) =>
        this.call(names, signal),
      )
      for (const [name, outcome] of out) {
        if (outcome === UNANSWERED) out.set(name, (await this.settle([name], deadline)).get(name))
      }
      return out
    } catch (error) {
      if (names.length > 1 && ownFailure(error)) {
        // One member may be the cause: halves are tried as calls of their own.
        const half = Math.ceil(names.length / 2)
        const parts = await Promise.all([
          this.settle(names.slice(0, half), deadline),
          this.settle(names.slice(half), deadline),
        ])
        return new Map([...parts[0], ...parts[1]])
      }
      return new Map(names.map((name) => [name, error instanceof Error ? error : new Error(String(error))]))
    }
  }

  private context(names: string[]): CallContext {
    return {
      key: names[0],
      operation: names.length === 1 ? 'get' : 'getMany',
      budget: 'readMs',
      budgetMs: this.readMs,
    }
  }

  private async call(names: string[], signal: AbortSignal): Promise<Map<string, Outcome>> {
    const options = { ...this.readOptions, signal }
    if (names.length === 1) {
      const name = names[0]!
      try {
        return new Map([[name, await this.backend.get(name, options)]])
      } catch (error) {
        if (isParamkitError(error) && error.code === 'NOT_FOUND') return new Map([[name, undefined]])
        if (isParamkitError(error) && error.code === 'VALIDATION') return new Map([[name, error]])
        throw error
      }
    }
    const result = await this.backend.getMany(names, options)
    const found = new Map(result.entries.map((e) => [e.name + (e.selector ?? ''), e]))
    const missing = new Set(result.missing)
    const invalid = new Set(result.invalid)
    const out = new Map<string, Outcome>()
    for (const name of names) {
      if (found.has(name)) out.set(name, found.get(name))
      else if (invalid.has(name)) out.set(name, refused(name, this.backend.name))
      else if (missing.has(name)) out.set(name, undefined)
      else out.set(name, UNANSWERED)
    }
    return out
  }
}

/** A failure that may be one member's own (access, a KMS key, a bad name), not the backend's or the wire's. */
function ownFailure(error: unknown): boolean {
  if (!isParamkitError(error)) return false
  return !['THROTTLED', 'BACKEND_UNAVAILABLE', 'TIMEOUT', 'CLOSED'].includes(error.code)
}

function refused(name: string, backend: string): ValidationError {
  return new ValidationError(`The ${backend} backend refused "${name}" as invalid (rule: backend-invalid)`, {
    key: name,
    backend,
    operation: 'getMany',
    rule: 'backend-invalid',
  })
}
