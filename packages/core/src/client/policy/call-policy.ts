import { setMaxListeners } from 'node:events'
import { decorrelatedJitterGenerator, ExponentialBackoff, type IBackoff } from 'cockatiel'
import {
  BackendUnavailableError,
  ClosedError,
  isParamkitError,
  type Operation,
  ThrottledError,
  type TimeoutBudget,
  TimeoutError,
} from '../../errors.js'
import { CallSlots } from './call-slots.js'
import { CallTimer } from './call-timer.js'
import { Circuit, type CircuitOptions } from './circuit.js'
import { RetryBudget } from './retry-budget.js'
import { ThrottleRate } from './throttle-rate.js'

export interface RetryOptions {
  /** First backoff step; later steps follow decorrelated jitter. Default 50 ms. */
  baseDelayMs?: number
  /** Longest wait between tries. Default 1 s. */
  maxDelayMs?: number
  /** Retries allowed per first attempt over a 10 s window (the retry budget). Default 0.2. */
  budgetRatio?: number
  /** Retries allowed per 10 s window whatever the traffic. Default 10. */
  budgetFloor?: number
}

export const retryDefaults = {
  baseDelayMs: 50,
  maxDelayMs: 1_000,
  budgetRatio: 0.2,
  budgetFloor: 10,
} as const

/** What a call is for: named in its errors. */
export interface CallContext {
  operation: Extract<Operation, 'get' | 'getMany' | 'list'>
  key?: string
  /** The budget the call's deadline comes from, named when it runs out. */
  budget: TimeoutBudget
  budgetMs: number
}

/** The parts of the policy shared by every config client of one backend object: one account, one limit. */
export interface SharedParts {
  readonly rate: ThrottleRate
  readonly circuit: Circuit
  readonly budget: RetryBudget
  readonly slots: CallSlots
  /** Whether a call has succeeded yet: until then listings start one at a time. */
  warm: boolean
  lastThrottle?: Error
}

const shared = new WeakMap<object, SharedParts>()
/** Calls in flight at once per backend object: a burst reaches a throttle a few calls at a time. */
export const DEFAULT_CONCURRENCY = 4

/** The parts shared by every client of `backend` (the first client's options set them up). */
export function sharedParts(
  backend: object,
  retry: RetryOptions = {},
  circuit: CircuitOptions = {},
  concurrency = DEFAULT_CONCURRENCY,
): SharedParts {
  let parts = shared.get(backend)
  if (!parts) {
    parts = {
      rate: new ThrottleRate(),
      circuit: new Circuit(circuit),
      budget: new RetryBudget(
        retry.budgetRatio ?? retryDefaults.budgetRatio,
        retry.budgetFloor ?? retryDefaults.budgetFloor,
      ),
      slots: new CallSlots(concurrency),
      warm: false,
    }
    shared.set(backend, parts)
  }
  return parts
}

const fastFailures = new WeakSet<object>()

/**
 * The one owner of a config client's backend calls: every call waits for the throttle rate, passes the
 * backend's circuit, runs under a `callMs` timeout with an AbortSignal, and is tried again only for a
 * transient failure, within the read's deadline and the backend's retry budget. `close()` aborts the
 * calls in flight and cuts every wait short. The SDK retries nothing underneath (see ARCHITECTURE.md).
 */
export class CallPolicy {
  calls = 0
  private readonly closing = new AbortController()
  private readonly backoff: ExponentialBackoff<unknown>

  constructor(
    private readonly backendName: string,
    readonly parts: SharedParts,
    private readonly callMs: number,
    retry: RetryOptions = {},
  ) {
    // Every call, wait and slot waiter listens for close(): thousands at once are expected.
    setMaxListeners(0, this.closing.signal)
    this.backoff = new ExponentialBackoff({
      generator: decorrelatedJitterGenerator,
      initialDelay: retry.baseDelayMs ?? retryDefaults.baseDelayMs,
      maxDelay: retry.maxDelayMs ?? retryDefaults.maxDelayMs,
    })
  }

  get closed(): boolean {
    return this.closing.signal.aborted
  }

  /** `fn` called until it succeeds, fails for good, or the deadline (epoch ms) or the retry budget runs out. */
  async run<T>(context: CallContext, deadline: number, fn: (call: CallTimer) => Promise<T>): Promise<T> {
    this.parts.budget.attempted()
    let step: IBackoff<unknown> | undefined
    let own: unknown
    for (;;) {
      try {
        return await this.attempt(context, deadline, fn)
      } catch (error) {
        // A read whose own calls failed until the circuit opened reports its own last failure.
        if (isCircuitOpen(error) && own !== undefined) throw own
        own = error
        if (!isRetryable(error) || this.closed) throw error
        step = step ? step.next(undefined) : this.backoff.next()
        const wait = Math.max(step.duration, this.parts.rate.delay())
        if (Date.now() + wait >= deadline || !this.parts.budget.tryRetry()) throw error
        await this.sleep(wait, context)
      }
    }
  }

  /** One call: paced, through the circuit, under its timeout. */
  async attempt<T>(context: CallContext, deadline: number, fn: (call: CallTimer) => Promise<T>): Promise<T> {
    this.assertOpen(context)
    await this.parts.slots.acquire(
      deadline,
      this.closing.signal,
      () => this.timeout(context, context.budget, context.budgetMs),
      () => this.closedError(context),
    )
    try {
      // Paced once it holds a slot, so a call queued before a throttle still waits its turn after it.
      if (this.parts.circuit.state !== 'open') await this.pace(context, deadline)
      return await this.parts.circuit.execute(() => this.call(context, deadline, fn))
    } catch (error) {
      if (Circuit.isOpenError(error)) throw this.circuitOpen(context)
      throw error
    } finally {
      this.parts.slots.release()
    }
  }

  /** Waits until the throttle rate lets a call start, within the deadline. Reserves nothing. */
  async pace(context: CallContext, deadline: number): Promise<void> {
    for (let delay = this.parts.rate.delay(); delay > 0; delay = this.parts.rate.delay()) {
      if (Date.now() + delay > deadline) {
        throw new TimeoutError(
          `The ${this.backendName} backend throttled, and the ${context.budget} budget (${context.budgetMs} ms) ran out waiting for a turn to call it again`,
          {
            ...this.details(context),
            budget: context.budget,
            ms: context.budgetMs,
            cause: this.parts.lastThrottle,
          },
        )
      }
      await this.sleep(delay, context)
    }
  }

  /** A listing's next page: paced like any call, counted, and given a full `callMs` of its own. */
  async nextPage(context: CallContext, deadline: number, call: CallTimer): Promise<void> {
    await this.pace(context, deadline)
    this.assertOpen(context)
    this.parts.rate.started()
    this.calls++
    call.reset()
  }

  /** Aborts every call in flight and wakes every wait: they fail with ClosedError. */
  close(): void {
    this.closing.abort(
      new ClosedError(`Config client closed during a call to the ${this.backendName} backend`),
    )
  }

  private async call<T>(
    context: CallContext,
    deadline: number,
    fn: (call: CallTimer) => Promise<T>,
  ): Promise<T> {
    const left = deadline - Date.now()
    if (left <= 0) throw this.timeout(context, context.budget, context.budgetMs)
    this.assertOpen(context)
    const startedAt = this.parts.rate.started()
    this.calls++
    const timer = new CallTimer(Math.min(this.callMs, left), this.closing.signal, left < this.callMs)
    try {
      const result = await timer.race(fn(timer))
      this.parts.rate.succeeded()
      this.parts.warm = true
      return result
    } catch (error) {
      throw this.classify(error, timer, context, startedAt, left < this.callMs)
    } finally {
      timer.done()
    }
  }

  /** Every failure as a paramkit error that says what happened. */
  private classify(
    error: unknown,
    timer: CallTimer,
    context: CallContext,
    startedAt: number,
    cut: boolean,
  ): unknown {
    if (this.closed) return this.closedError(context)
    if (timer.timedOut)
      return cut
        ? this.timeout(context, context.budget, context.budgetMs, error)
        : this.timeout(context, 'callMs', this.callMs, error)
    if (ThrottledError.is(error)) {
      this.parts.rate.throttled(startedAt)
      this.parts.lastThrottle = error
      return error
    }
    if (isParamkitError(error)) return error
    return new BackendUnavailableError(`The ${this.backendName} backend failed ${describe(context)}`, {
      ...this.details(context),
      cause: error,
    })
  }

  private timeout(context: CallContext, budget: TimeoutBudget, ms: number, cause?: unknown): TimeoutError {
    const what = budget === 'callMs' ? 'call' : context.budget === 'loadMs' ? 'load' : 'read'
    return new TimeoutError(
      `The ${this.backendName} backend did not answer ${describe(context)} within the ${what} budget ${budget} (${ms} ms); the call was aborted`,
      { ...this.details(context), budget, ms, cause },
    )
  }

  private circuitOpen(context: CallContext): BackendUnavailableError {
    const error = new BackendUnavailableError(
      `The ${this.backendName} backend is failing (circuit open): not called for ${describe(context)} until a probe succeeds`,
      { ...this.details(context), cause: this.parts.circuit.lastFailure },
    )
    fastFailures.add(error)
    return error
  }

  private closedError(context: CallContext): ClosedError {
    return new ClosedError(
      `Config client is closed; ${describe(context)} was not completed`,
      this.details(context),
    )
  }

  private assertOpen(context: CallContext): void {
    if (this.closed) throw this.closedError(context)
  }

  private details(context: CallContext) {
    return { key: context.key, backend: this.backendName, operation: context.operation }
  }

  private sleep(ms: number, context: CallContext): Promise<void> {
    const signal = this.closing.signal
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(this.closedError(context))
      const wake = () => {
        clearTimeout(timer)
        reject(this.closedError(context))
      }
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', wake)
        resolve()
      }, ms)
      signal.addEventListener('abort', wake, { once: true })
    })
  }
}

/** Worth another try: throttling, a transport failure or a call timeout; never a fast failure of an open circuit. */
export function isRetryable(error: unknown): boolean {
  if (!isParamkitError(error) || fastFailures.has(error)) return false
  if (error.code === 'TIMEOUT') return (error as TimeoutError).budget === 'callMs'
  return error.code === 'THROTTLED' || error.code === 'BACKEND_UNAVAILABLE'
}

/** Whether `error` is the fast failure of an open circuit (no call was made). */
export function isCircuitOpen(error: unknown): boolean {
  return typeof error === 'object' && error !== null && fastFailures.has(error)
}

function describe(context: CallContext): string {
  if (context.operation === 'list') return `listing "${context.key ?? '/'}"`
  return context.key === undefined ? context.operation : `${context.operation} of "${context.key}"`
}
