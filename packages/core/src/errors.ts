/** Where a failure happened: the operation paramkit was performing when it failed. */
export type Operation =
  | 'get'
  | 'getMany'
  | 'list'
  | 'put'
  | 'delete'
  | 'validate'
  | 'resolve'
  | 'load'
  | 'seal'
  | 'open'
  | 'key'
  | 'refresh'
  | 'snapshot'

export type ErrorCode =
  | 'NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'THROTTLED'
  | 'VALIDATION'
  | 'KEY_STATE'
  | 'INTEGRITY'
  | 'DATA_KEY_GONE'
  | 'BACKEND_UNAVAILABLE'
  | 'TIMEOUT'
  | 'CLOSED'
  | 'SCHEMA'
  | 'REPLICA_MISSING'
  | 'NOT_LOADED'

export interface ErrorDetails {
  /** The parameter name or config key involved. Never a value. */
  key?: string
  /** Name of the backend that failed, e.g. `ssm`, `memory`. */
  backend?: string
  operation?: Operation
  cause?: unknown
}

/** Marks errors of every copy of core alike, so checks hold when an app ends up with two copies. */
const BRAND = Symbol.for('@paramkit/core/error')

/**
 * Base class of every error paramkit throws. Messages name keys and rules, never values;
 * `toJSON` and `util.inspect` show the same safe fields.
 */
export abstract class ParamkitError extends Error {
  /** The code `is` looks for; undefined on the base class, which matches any paramkit error. */
  static readonly code: ErrorCode | undefined = undefined
  abstract readonly code: ErrorCode
  readonly key: string | undefined
  readonly backend: string | undefined
  readonly operation: Operation | undefined

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.key = details.key
    this.backend = details.backend
    this.operation = details.operation
    Object.defineProperty(this, BRAND, { value: true })
  }

  /**
   * Whether `value` is this kind of paramkit error, e.g. `NotFoundError.is(error)`. It checks the
   * brand and the code, never `instanceof`, so it holds across two copies of @paramkit/core.
   */
  static is<T extends ParamkitError>(
    this: { prototype: T; readonly code: ErrorCode | undefined },
    value: unknown,
  ): value is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `is` was called on, e.g. NotFoundError.
    const code = this.code
    return isParamkitError(value) && (code === undefined || value.code === code)
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      key: this.key,
      backend: this.backend,
      operation: this.operation,
      cause: describeCause(this.cause),
    }
  }
}

/** A safe one-line description of a cause: its name and code, plus its message only if it is one of ours. */
export function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined
  if (isParamkitError(cause)) return `${cause.name}: ${cause.message}`
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    return typeof code === 'string' && code !== cause.name ? `${cause.name} (${code})` : cause.name
  }
  return typeof cause
}

export class NotFoundError extends ParamkitError {
  static override readonly code = 'NOT_FOUND' as const
  readonly code = 'NOT_FOUND' as const
}

export class AccessDeniedError extends ParamkitError {
  static override readonly code = 'ACCESS_DENIED' as const
  readonly code = 'ACCESS_DENIED' as const
  /** The permission that is likely missing, e.g. `kms:Decrypt`, when it can be told. */
  readonly permission: string | undefined
  constructor(message: string, details: ErrorDetails & { permission?: string } = {}) {
    super(message, details)
    this.permission = details.permission
  }
}

export class ThrottledError extends ParamkitError {
  static override readonly code = 'THROTTLED' as const
  readonly code = 'THROTTLED' as const
  /** How many attempts were made before giving up. */
  readonly attempts: number | undefined
  constructor(message: string, details: ErrorDetails & { attempts?: number } = {}) {
    super(message, details)
    this.attempts = details.attempts
  }
}

export class ValidationError extends ParamkitError {
  static override readonly code = 'VALIDATION' as const
  readonly code = 'VALIDATION' as const
  /** Short identifier of the rule that was broken, e.g. `max-levels`. */
  readonly rule: string | undefined
  /** What to do instead, when there is a better call, e.g. `getSecret('database/password')`. */
  readonly hint: string | undefined
  constructor(message: string, details: ErrorDetails & { rule?: string; hint?: string } = {}) {
    super(message, details)
    this.rule = details.rule
    this.hint = details.hint
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), rule: this.rule, ...(this.hint === undefined ? {} : { hint: this.hint }) }
  }
}

/** A KMS key is disabled, pending deletion or missing. */
export class KeyStateError extends ParamkitError {
  static override readonly code = 'KEY_STATE' as const
  readonly code = 'KEY_STATE' as const
  readonly keyId: string | undefined
  constructor(message: string, details: ErrorDetails & { keyId?: string } = {}) {
    super(message, details)
    this.keyId = details.keyId
  }
}

/** A sealed cache entry or snapshot failed authentication. Never served. */
export class IntegrityError extends ParamkitError {
  static override readonly code = 'INTEGRITY' as const
  readonly code = 'INTEGRITY' as const
}

export class BackendUnavailableError extends ParamkitError {
  static override readonly code = 'BACKEND_UNAVAILABLE' as const
  readonly code = 'BACKEND_UNAVAILABLE' as const
}

/** The budget a timed-out read or call ran out of (`timeouts` on `createConfig`). */
export type TimeoutBudget = 'callMs' | 'readMs' | 'loadMs'

/** A backend call or a read ran past its budget: the call was aborted, or the read gave up waiting. */
export class TimeoutError extends ParamkitError {
  static override readonly code = 'TIMEOUT' as const
  readonly code = 'TIMEOUT' as const
  /** Which budget ran out, e.g. `readMs`. */
  readonly budget: TimeoutBudget | undefined
  /** The budget's length in milliseconds. */
  readonly ms: number | undefined
  constructor(message: string, details: ErrorDetails & { budget?: TimeoutBudget; ms?: number } = {}) {
    super(message, details)
    this.budget = details.budget
    this.ms = details.ms
  }
}

/**
 * A replica of `failoverBackends` answered NotFound for a name its primary holds: the replica lacks a copy
 * (a secret not replicated, a parameter not copied). Not absence: the last good value is kept.
 */
export class ReplicaMissingError extends ParamkitError {
  static override readonly code = 'REPLICA_MISSING' as const
  readonly code = 'REPLICA_MISSING' as const
  readonly primary: string | undefined
  readonly replica: string | undefined
  constructor(message: string, details: ErrorDetails & { primary?: string; replica?: string } = {}) {
    super(message, details)
    this.primary = details.primary
    this.replica = details.replica
  }
}

/** The config client was closed: its pending reads are rejected and no backend call starts after. */
export class ClosedError extends ParamkitError {
  static override readonly code = 'CLOSED' as const
  readonly code = 'CLOSED' as const
}

/**
 * A sync read (`getSync`, `getOptionalSync`, `getSecretSync`) of a key the cache cannot answer without
 * waiting: never loaded, or no longer held. `load` names the call that loads it, e.g.
 * `config.preload(["database/host"])`.
 */
export class NotLoadedError extends ParamkitError {
  static override readonly code = 'NOT_LOADED' as const
  readonly code = 'NOT_LOADED' as const
  /** The call that would load the key, e.g. `config.preload(["database/host"])` (or `config.load()`). */
  readonly load: string
  constructor(message: string, details: ErrorDetails & { load: string }) {
    super(message, details)
    this.load = details.load
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), load: this.load }
  }
}

export interface SchemaIssueReport {
  /** Dotted path of the failing field, e.g. `database.port`. */
  path: string
  message: string
  /**
   * At a secret's path, `secret-value`: the validator's own text never leaves core there (it may quote
   * part of the secret, or its length), so the message is made from the path alone.
   */
  rule?: string
}

export class SchemaError extends ParamkitError {
  static override readonly code = 'SCHEMA' as const
  readonly code = 'SCHEMA' as const
  readonly issues: readonly SchemaIssueReport[]
  constructor(message: string, details: ErrorDetails & { issues: SchemaIssueReport[] }) {
    super(message, details)
    this.issues = details.issues
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues }
  }
}

/** Whether `error` is a paramkit error, from any copy of @paramkit/core (a brand, not `instanceof`). */
export function isParamkitError(error: unknown): error is ParamkitError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
}
