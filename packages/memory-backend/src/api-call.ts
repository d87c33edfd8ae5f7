import { abortableSleep, hang, raceSignal, throwIfAborted } from './abortable.js'
import { refusedError, throttleBurstError } from './fault-mode.js'
import { coreOperation, type FaultInjector, type MemoryOperation } from './faults.js'

export interface ApiCallDeps {
  faults: FaultInjector
  calls: Record<MemoryOperation, number>
  /** The backend's name, as errors carry it. */
  backend: string
  /** A caller's own sleep (raced against the signal), else an abortable `setTimeout`. */
  sleep: ((ms: number) => Promise<void>) | undefined
  /** Runs before every read of the store (Parameter Store's expiry sweep). */
  beforeRead: () => void
}

/** The calls hanging right now (fault mode `'hang'`), shared with `stats()`. */
export interface HangCounter {
  hung: number
}

export type ApiCall = <T>(
  operation: MemoryOperation,
  names: readonly string[],
  act: () => T,
  signal?: AbortSignal,
) => Promise<T>

/**
 * One API call: refused at once when its signal has aborted; else counted, put through the fault
 * mode it starts in, delayed and faulted. `act` reads the store after the delay, or before it in
 * round-trip mode. Every wait (latency, slow, hang) ends the moment the signal aborts.
 */
export function apiCaller(deps: ApiCallDeps, hanging: HangCounter): ApiCall {
  const { faults, calls } = deps
  const wait = (ms: number, signal: AbortSignal | undefined) =>
    deps.sleep ? raceSignal(deps.sleep(ms), signal) : abortableSleep(ms, signal)

  return async (operation, names, act, signal) => {
    throwIfAborted(signal)
    calls[operation]++
    const mode = faults.mode
    const where = { key: names[0], backend: deps.backend, operation: coreOperation(operation) }
    if (mode === 'hang') {
      hanging.hung++
      try {
        await hang(signal)
      } finally {
        hanging.hung--
      }
    }
    if (mode === 'refuse') {
      faults.injected++
      throw refusedError(where)
    }
    if (mode === 'throttle') {
      faults.throttled++
      throw throttleBurstError(where)
    }
    const delay = faults.delay() + (typeof mode === 'object' ? mode.slow : 0)
    const run = () => {
      deps.beforeRead()
      return act()
    }
    if (!faults.roundTrip) {
      if (delay > 0) await wait(delay, signal)
      faults.check(operation, names)
      return run()
    }
    let outcome: { value: ReturnType<typeof act> } | { error: unknown }
    try {
      faults.check(operation, names)
      outcome = { value: run() }
    } catch (error) {
      outcome = { error }
    }
    if (delay > 0) await wait(delay, signal)
    if ('error' in outcome) throw outcome.error
    return outcome.value
  }
}
