import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type IBreaker,
} from 'cockatiel'
import { isTransportFailure } from '../client/policy/circuit.js'

export type MemberState = 'closed' | 'open' | 'half-open'

/** Opens after `failures` consecutive transport failures, or at once when a call timed out. */
class FailoverBreaker implements IBreaker {
  private readonly consecutive: ConsecutiveBreaker
  /** Set by the error filter just before `failure` is asked: the failure was a call timeout. */
  tripNow = false

  constructor(failures: number) {
    this.consecutive = new ConsecutiveBreaker(failures)
  }

  get state(): unknown {
    return this.consecutive.state
  }

  set state(value: unknown) {
    this.consecutive.state = value as number
  }

  success(): void {
    this.tripNow = false
    this.consecutive.success()
  }

  failure(): boolean {
    const trip = this.tripNow
    this.tripNow = false
    return this.consecutive.failure() || trip
  }
}

const names: Record<CircuitState, MemberState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
}

/** A call the config client's CallTimer abandoned for running past `callMs` (not one cut short by the read's deadline). */
export function isCallTimeout(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Error).name === 'TimeoutError' &&
    (error as { cutByDeadline?: boolean }).cutByDeadline !== true
  )
}

/**
 * The health of one member of `failoverBackends`, on cockatiel's breaker. Transport failures and
 * timeouts count (NotFound, AccessDenied and the like do not); a timeout opens it at once. While open,
 * one call per `probeMs` may try the member as its probe; success closes it.
 */
export class MemberCircuit {
  private readonly breaker: CircuitBreakerPolicy
  private readonly policy: FailoverBreaker
  lastFailure: unknown

  constructor(failures: number, probeMs: number, onChange: (state: MemberState) => void) {
    this.policy = new FailoverBreaker(failures)
    this.breaker = circuitBreaker(
      handleWhen((error) => {
        const counted = isTransportFailure(error)
        if (counted) {
          this.policy.tripNow = isCallTimeout(error)
          this.lastFailure = error
        }
        return counted
      }),
      { halfOpenAfter: probeMs, breaker: this.policy },
    )
    this.breaker.onStateChange((state) => onChange(names[state]))
  }

  get state(): MemberState {
    return names[this.breaker.state]
  }

  execute<T>(fn: () => Promise<T>): Promise<T> {
    return this.breaker.execute(fn)
  }

  static isOpenError(error: unknown): boolean {
    return error instanceof BrokenCircuitError
  }
}
