import { BackendUnavailableError, ThrottledError, ValidationError } from '@paramkit/core'
import type { Operation } from '@paramkit/core/backend'

/**
 * How the whole backend behaves, switchable at run time with `setFaultMode`:
 * - `'healthy'`: as configured (latency, scripted failures, throttle...), the default.
 * - `'hang'`: every call that starts never settles unless its `signal` aborts (a dead TCP connection);
 *   it stays hung after the mode changes back.
 * - `'refuse'`: every call fails at once with BackendUnavailableError, cause an ECONNREFUSED error.
 * - `'throttle'`: every call fails at once with ThrottledError (a throttling burst).
 * - `{ slow: ms }`: every call takes `ms` longer (abortable).
 */
export type FaultMode = 'healthy' | 'hang' | 'refuse' | 'throttle' | { slow: number }

/** A valid mode, or a ValidationError saying what is wrong. */
export function checkFaultMode(mode: unknown): FaultMode {
  if (mode === 'healthy' || mode === 'hang' || mode === 'refuse' || mode === 'throttle') return mode
  const slow = (mode as { slow?: unknown } | null)?.slow
  if (typeof mode === 'object' && typeof slow === 'number' && Number.isFinite(slow) && slow >= 0) {
    return { slow }
  }
  throw new ValidationError(
    `memoryBackend fault mode ${JSON.stringify(mode)} is not one of 'healthy', 'hang', 'refuse', 'throttle' or { slow: ms } with ms >= 0 (rule: fault-mode)`,
    { backend: 'memory', operation: 'validate', rule: 'fault-mode' },
  )
}

interface Where {
  key: string | undefined
  backend: string
  operation: Operation
}

/** What Node reports when nothing listens on the port: the `cause` of a refused call. */
export function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
    address: '127.0.0.1',
    port: 443,
  })
}

export function refusedError(where: Where): BackendUnavailableError {
  const what = where.key === undefined ? where.operation : `${where.operation} of "${where.key}"`
  return new BackendUnavailableError(
    `Memory backend unreachable for ${what}: connect ECONNREFUSED (fault mode 'refuse')`,
    { ...where, cause: connectionRefused() },
  )
}

export function throttleBurstError(where: Where): ThrottledError {
  const what = where.key === undefined ? where.operation : `${where.operation} of "${where.key}"`
  return new ThrottledError(`Rate exceeded for ${what} (fault mode 'throttle')`, where)
}
