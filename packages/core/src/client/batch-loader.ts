import type { Backend, Entry, ReadOptions } from '../backend.js'
import { chunk, jitteredBackoff } from '../backend-kit.js'
import { BackendUnavailableError, isParamkitError, ThrottledError, ValidationError } from '../errors.js'
import { type AdaptiveRate, rateFor } from './adaptive-rate.js'
import { Pauses, type ReadContext } from './pauses.js'

interface Waiter {
  resolve(entry: Entry | undefined): void
  reject(error: unknown): void
}

export interface RetryOptions {
  /** Milliseconds within which a failed or throttled call is tried again. Default 2 s. */
  deadlineMs?: number
  /** First backoff step; each retry waits a random time up to base × 2^attempt (full jitter). Default 50 ms. */
  baseDelayMs?: number
}

/** A name the backend neither returned nor reported: asked for again on its own, never taken as "not found". */
const UNANSWERED = Symbol('unanswered')
type Outcome = Entry | undefined | Error | typeof UNANSWERED

/**
 * Collects the names asked for within one turn of the event loop and loads them in backend calls of
 * the backend's batch size. A call that fails is retried with jittered backoff within a deadline; a
 * batch is split so one bad member (or one bad call) fails only itself; under throttling the calls
 * slow down to a rate shared by every batch on this backend.
 */
export class BatchLoader {
  private pending = new Map<string, Waiter[]>()
  private scheduled = false
  private closed = false
  private readonly rate: AdaptiveRate
  private readonly backoff: (attempt: number) => number
  private readonly deadlineMs: number
  calls = 0

  constructor(
    private readonly backend: Backend,
    private readonly readOptions: ReadOptions,
    retry: RetryOptions = {},
    private readonly pauses = new Pauses(),
    rate = rateFor(backend),
  ) {
    this.rate = rate
    this.backoff = jitteredBackoff({ baseDelayMs: retry.baseDelayMs ?? 50 })
    this.deadlineMs = retry.deadlineMs ?? 2_000
  }

  load(name: string): Promise<Entry | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(name)
      if (waiters) waiters.push({ resolve, reject })
      else this.pending.set(name, [{ resolve, reject }])
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  /** Stops retrying: calls waiting for a retry or for their turn fail at once, and none is made after. */
  close(): void {
    this.closed = true
    this.pauses.close()
  }

  private flush(): void {
    const batch = this.pending
    this.pending = new Map()
    this.scheduled = false
    const deadline = Date.now() + this.deadlineMs
    const size = Math.max(1, this.backend.capabilities.batchSize)
    for (const names of chunk([...batch.keys()], size)) {
      void this.settle(names, deadline).then(
        (outcomes) => {
          for (const name of names) {
            const outcome = outcomes.get(name)
            for (const w of batch.get(name)!) {
              if (outcome instanceof Error) w.reject(outcome)
              else w.resolve(outcome === UNANSWERED ? undefined : outcome)
            }
          }
        },
        // Never leave a caller waiting, whatever went wrong.
        (error: unknown) => {
          for (const name of names) for (const w of batch.get(name)!) w.reject(error)
        },
      )
    }
  }

  /** Every name's outcome: its entry, undefined when missing, or the error that is its own. */
  private async settle(names: string[], deadline: number, attempt = 0): Promise<Map<string, Outcome>> {
    let failure: unknown
    try {
      const out = await this.call(names, deadline)
      for (const [name, outcome] of out) {
        if (outcome === UNANSWERED) out.set(name, (await this.settle([name], deadline)).get(name))
      }
      return out
    } catch (error) {
      failure = error
    }
    const transient = isTransient(failure)
    const throttled = isParamkitError(failure) && failure.code === 'THROTTLED'
    // Throttled calls are only slowed down: splitting them would make more calls.
    if (names.length > 1 && !throttled && (!transient || attempt >= 1)) {
      // One member may be the cause: halves are tried as calls of their own.
      const half = Math.ceil(names.length / 2)
      const parts = await Promise.all([
        this.settle(names.slice(0, half), deadline, attempt),
        this.settle(names.slice(half), deadline, attempt),
      ])
      return new Map([...parts[0], ...parts[1]])
    }
    const wait = this.backoff(attempt + 1)
    if (!transient || this.closed || Date.now() + wait > deadline) {
      return new Map(names.map((n) => [n, asError(failure, n, this.backend.name)]))
    }
    await this.pauses.sleep(wait, this.context(names))
    return this.settle(names, deadline, attempt + 1)
  }

  private context(names: string[]): ReadContext {
    return { key: names[0], backend: this.backend.name, operation: names.length === 1 ? 'get' : 'getMany' }
  }

  private async call(names: string[], deadline: number): Promise<Map<string, Outcome>> {
    const { wait, startsAt } = this.rate.reserve()
    if (Date.now() + wait > deadline) {
      throw new ThrottledError(
        `Calls to the ${this.backend.name} backend are slowed by throttling past the retry deadline`,
        this.context(names),
      )
    }
    if (wait > 0) await this.pauses.sleep(wait, this.context(names))
    this.pauses.check(this.context(names))
    this.calls++
    try {
      const out = names.length === 1 ? await this.getOne(names[0]!) : await this.getMany(names)
      this.rate.succeeded()
      return out
    } catch (error) {
      if (isParamkitError(error) && error.code === 'THROTTLED') this.rate.throttled(startsAt)
      throw error
    }
  }

  private async getOne(name: string): Promise<Map<string, Outcome>> {
    try {
      return new Map([[name, await this.backend.get(name, this.readOptions)]])
    } catch (error) {
      if (isParamkitError(error) && error.code === 'NOT_FOUND') return new Map([[name, undefined]])
      if (isParamkitError(error) && error.code === 'VALIDATION') return new Map([[name, error]])
      throw error
    }
  }

  private async getMany(names: string[]): Promise<Map<string, Outcome>> {
    const result = await this.backend.getMany(names, this.readOptions)
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

function isTransient(error: unknown): boolean {
  if (!isParamkitError(error)) return true
  return error.code === 'THROTTLED' || error.code === 'BACKEND_UNAVAILABLE'
}

function asError(error: unknown, name: string, backend: string): Error {
  if (error instanceof Error) return error
  return new BackendUnavailableError(`The ${backend} backend failed loading "${name}"`, {
    key: name,
    backend,
    operation: 'getMany',
    cause: error,
  })
}

function refused(name: string, backend: string): ValidationError {
  return new ValidationError(`The ${backend} backend refused "${name}" as invalid (rule: backend-invalid)`, {
    key: name,
    backend,
    operation: 'getMany',
    rule: 'backend-invalid',
  })
}
