import { AccessDeniedError, BackendUnavailableError, KeyStateError, ThrottledError } from '@paramkit/core'
import { type Operation, optionNames } from '@paramkit/core/backend'
import { checkFaultMode, type FaultMode } from './fault-mode.js'
import { TokenBucket } from './token-bucket.js'

export type MemoryOperation = 'get' | 'getMany' | 'list' | 'put' | 'delete' | 'label' | 'rotate'

export type ScriptedError =
  | 'throttled'
  | 'access-denied'
  | 'unavailable'
  | 'kms-disabled'
  | 'kms-pending-deletion'
  | 'kms-not-found'

export interface ScriptedFailure {
  /** Operation that fails; any when left out. */
  operation?: MemoryOperation
  /** Name (exact, or a RegExp) that fails; any when left out. */
  name?: string | RegExp
  error: ScriptedError | Error
  /** How many matching calls fail before the script is used up. Default: every one. */
  times?: number
}

export interface FaultOptions {
  /** Seed of the random source used for jitter, failure rate and version ids: same seed, same run. */
  seed?: number
  /**
   * Added to every call: `fixed` ms plus up to `jitter` ms. `mode: 'before'` (default) waits, then reads;
   * `'round-trip'` reads (and decides faults) first and answers after the wait, as a real service does:
   * the answer is what the store held when the call arrived, whatever was written meanwhile.
   */
  latency?: { fixed?: number; jitter?: number; mode?: 'before' | 'round-trip' }
  failures?: ScriptedFailure[]
  /** Share of calls, 0..1, that fail with BackendUnavailable. */
  failureRate?: number
  /** Reads and writes under these paths fail with AccessDenied. */
  accessDenied?: string[]
  /** SecureString and Secret reads under `paths` fail as if their KMS key were in `state`. */
  kmsKeyState?: { paths: string[]; state: 'Disabled' | 'PendingDeletion' | 'NotFound'; keyId?: string }
  /** API calls per second, as Parameter Store's throughput limit; `burst` defaults to `tps`. */
  throttle?: { tps: number; burst?: number }
  /** The mode the backend starts in (default `'healthy'`); `setFaultMode` switches it while running. */
  mode?: FaultMode
}

export const faultOptionNames = optionNames<FaultOptions>({
  seed: true,
  latency: true,
  failures: true,
  failureRate: true,
  accessDenied: true,
  kmsKeyState: true,
  throttle: true,
  mode: true,
})

/** mulberry32: small, fast and good enough to make fault injection repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const underPath = (name: string, path: string) =>
  name === path || name.startsWith(path.endsWith('/') ? path : `${path}/`)

/** Decides, deterministically under a seed, whether and how each call fails and how long it takes. */
export class FaultInjector {
  readonly random: () => number
  private readonly bucket: TokenBucket | undefined
  private readonly scripts: { failure: ScriptedFailure; left: number }[]
  throttled = 0
  injected = 0
  /** The mode calls starting now are in. */
  mode: FaultMode

  constructor(
    private readonly options: FaultOptions,
    now: () => number,
  ) {
    this.mode = checkFaultMode(options.mode ?? 'healthy')
    this.random = seededRandom(options.seed ?? 1)
    this.bucket = options.throttle
      ? new TokenBucket(options.throttle.tps, options.throttle.burst ?? options.throttle.tps, now)
      : undefined
    this.scripts = (options.failures ?? []).map((failure) => ({
      failure,
      left: failure.times ?? Number.POSITIVE_INFINITY,
    }))
  }

  get roundTrip(): boolean {
    return this.options.latency?.mode === 'round-trip'
  }

  /** Adds a scripted failure from now on (a test breaking the backend mid-run). */
  add(failure: ScriptedFailure): void {
    this.scripts.push({ failure, left: failure.times ?? Number.POSITIVE_INFINITY })
  }

  /** Milliseconds this call waits. */
  delay(): number {
    const { fixed = 0, jitter = 0 } = this.options.latency ?? {}
    return fixed + (jitter > 0 ? this.random() * jitter : 0)
  }

  /** Throws the fault that applies to one API call on `names`, if any. */
  check(operation: MemoryOperation, names: readonly string[]): void {
    if (this.bucket && !this.bucket.tryTake()) {
      this.throttled++
      throw new ThrottledError(`Rate exceeded for ${operation} on the memory backend (throttle)`, {
        key: names[0],
        backend: 'memory',
        operation: coreOperation(operation),
      })
    }
    for (const script of this.scripts) {
      if (script.left <= 0) continue
      const { failure } = script
      if (failure.operation && failure.operation !== operation) continue
      const name = failure.name === undefined ? names[0] : names.find((n) => matches(failure.name!, n))
      if (failure.name !== undefined && name === undefined) continue
      script.left--
      this.injected++
      throw toError(failure.error, operation, name)
    }
    if (this.options.failureRate && this.random() < this.options.failureRate) {
      this.injected++
      throw toError('unavailable', operation, names[0])
    }
    const denied = names.find((n) => (this.options.accessDenied ?? []).some((p) => underPath(n, p)))
    if (denied !== undefined) throw toError('access-denied', operation, denied)
  }

  /** Throws a KeyState error when reading a sensitive value whose key is configured as broken. */
  checkKey(name: string, operation: MemoryOperation): void {
    const config = this.options.kmsKeyState
    if (!config?.paths.some((p) => underPath(name, p))) return
    const state = {
      Disabled: 'kms-disabled',
      PendingDeletion: 'kms-pending-deletion',
      NotFound: 'kms-not-found',
    } as const
    throw toError(state[config.state], operation, name, config.keyId ?? 'alias/aws/ssm')
  }
}

function matches(pattern: string | RegExp, name: string): boolean {
  return typeof pattern === 'string' ? pattern === name : pattern.test(name)
}

export function coreOperation(operation: MemoryOperation): Operation {
  return operation === 'label' || operation === 'rotate' ? 'put' : operation
}

function toError(
  error: ScriptedError | Error,
  operation: MemoryOperation,
  name: string | undefined,
  keyId = 'alias/aws/ssm',
): Error {
  if (error instanceof Error) return error
  const details = { key: name, backend: 'memory', operation: coreOperation(operation) }
  const what = name === undefined ? operation : `${operation} of "${name}"`
  switch (error) {
    case 'throttled':
      return new ThrottledError(`Rate exceeded for ${what} (injected)`, details)
    case 'access-denied':
      return new AccessDeniedError(`Access denied for ${what} (injected)`, details)
    case 'unavailable':
      return new BackendUnavailableError(`Memory backend unavailable for ${what} (injected)`, details)
    case 'kms-disabled':
      return new KeyStateError(`KMS key ${keyId} is disabled; cannot decrypt for ${what}`, {
        ...details,
        keyId,
      })
    case 'kms-pending-deletion':
      return new KeyStateError(`KMS key ${keyId} is pending deletion; cannot decrypt for ${what}`, {
        ...details,
        keyId,
      })
    case 'kms-not-found':
      return new KeyStateError(`KMS key ${keyId} does not exist; cannot decrypt for ${what}`, {
        ...details,
        keyId,
      })
  }
}
