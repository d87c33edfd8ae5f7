import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel'
import { ClosedError, isParamkitError } from '../../errors.js'

export type CircuitStateName = 'closed' | 'open' | 'half-open'

export interface CircuitOptions {
  /** Consecutive transport failures or timeouts that open the circuit. Default 5. */
  failures?: number
  /** Milliseconds an open circuit waits before one probe call may try the backend. Default 2 s. */
  probeMs?: number
}

export const circuitDefaults = { failures: 5, probeMs: 2_000 } as const

/** Transport failures and timeouts open the circuit; NotFound, AccessDenied, Throttled and the like do not. */
export function isTransportFailure(error: unknown): boolean {
  if (!isParamkitError(error)) return true
  return error.code === 'BACKEND_UNAVAILABLE' || error.code === 'TIMEOUT'
}

/** The transport's own error under paramkit's wrapping (a BackendUnavailableError's cause), if any. */
function transportError(error: unknown): unknown {
  let e = error
  while (isParamkitError(e) && e.code === 'BACKEND_UNAVAILABLE' && e.cause !== undefined) e = e.cause
  return e
}

const names: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
}

/**
 * A circuit per backend, on cockatiel's breaker: consecutive transport failures open it; while open a
 * call fails at once (`Circuit.isOpenError`) and, once per `probeMs`, one call goes through as the probe;
 * its success closes the circuit. Calls that arrive while the probe runs wait for its outcome.
 */
export class Circuit {
  private readonly breaker: CircuitBreakerPolicy
  private readonly listeners = new Set<(state: CircuitStateName) => void>()
  /** Set when the breaker goes half-open, just before it runs the probe: the next call to start is the probe. */
  private probeStarting = false
  /** Probes cut short by their client's close(): counted as failures, so they reopen the circuit. */
  private readonly cutProbes = new WeakSet<object>()
  /** The last transport failure: the `cause` of a fast failure while open. */
  lastFailure: unknown
  opened = 0

  constructor(options: CircuitOptions = {}) {
    this.breaker = circuitBreaker(
      handleWhen((error) => isTransportFailure(error) || this.cutProbes.has(error)),
      {
        halfOpenAfter: options.probeMs ?? circuitDefaults.probeMs,
        breaker: new ConsecutiveBreaker(options.failures ?? circuitDefaults.failures),
      },
    )
    // Only a failure the breaker counts (a transport failure or timeout) is what an open circuit stands for:
    // a throttle or a closed client's abort of a call still in flight must not become its fast failures' cause.
    this.breaker.onFailure(({ handled, reason }) => {
      if (handled && 'error' in reason && !this.cutProbes.has(reason.error as object))
        this.lastFailure = transportError(reason.error)
    })
    this.breaker.onHalfOpen(() => {
      this.probeStarting = true
    })
    this.breaker.onStateChange((state) => {
      if (state === CircuitState.Open) this.opened++
      for (const listener of this.listeners) listener(names[state])
    })
  }

  get state(): CircuitStateName {
    return names[this.breaker.state]
  }

  /**
   * Runs `fn` through the breaker. A probe that ends because its own client closed got no answer from the
   * backend: it reopens the circuit (cockatiel would close it, as for any error it does not count), so
   * another client of the same backend object does not take a dead backend for a healed one.
   */
  execute<T>(fn: () => Promise<T>): Promise<T> {
    return this.breaker.execute(async () => {
      const probe = this.probeStarting
      this.probeStarting = false
      try {
        return await fn()
      } catch (error) {
        if (probe && ClosedError.is(error)) this.cutProbes.add(error as object)
        throw error
      }
    })
  }

  onChange(listener: (state: CircuitStateName) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  static isOpenError(error: unknown): boolean {
    return error instanceof BrokenCircuitError
  }
}
