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
  | 'SCHEMA'

export interface ErrorDetails {
  /** The parameter name or config key involved. Never a value. */
  key?: string
  /** Name of the backend that failed, e.g. `ssm`, `memory`. */
  backend?: string
  operation?: Operation
  cause?: unknown
}

/**
 * Base class of every error paramkit throws. Messages name keys and rules, never values;
 * `toJSON` and `util.inspect` show the same safe fields.
 */
export abstract class ParamkitError extends Error {
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
  if (cause instanceof ParamkitError) return `${cause.name}: ${cause.message}`
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    return typeof code === 'string' && code !== cause.name ? `${cause.name} (${code})` : cause.name
  }
  return typeof cause
}

export class NotFoundError extends ParamkitError {
  readonly code = 'NOT_FOUND' as const
}

export class AccessDeniedError extends ParamkitError {
  readonly code = 'ACCESS_DENIED' as const
  /** The permission that is likely missing, e.g. `kms:Decrypt`, when it can be told. */
  readonly permission: string | undefined
  constructor(message: string, details: ErrorDetails & { permission?: string } = {}) {
    super(message, details)
    this.permission = details.permission
  }
}

export class ThrottledError extends ParamkitError {
  readonly code = 'THROTTLED' as const
  /** How many attempts were made before giving up. */
  readonly attempts: number | undefined
  constructor(message: string, details: ErrorDetails & { attempts?: number } = {}) {
    super(message, details)
    this.attempts = details.attempts
  }
}

export class ValidationError extends ParamkitError {
  readonly code = 'VALIDATION' as const
  /** Short identifier of the rule that was broken, e.g. `max-levels`. */
  readonly rule: string | undefined
  constructor(message: string, details: ErrorDetails & { rule?: string } = {}) {
    super(message, details)
    this.rule = details.rule
  }
}

/** A KMS key is disabled, pending deletion or missing. */
export class KeyStateError extends ParamkitError {
  readonly code = 'KEY_STATE' as const
  readonly keyId: string | undefined
  constructor(message: string, details: ErrorDetails & { keyId?: string } = {}) {
    super(message, details)
    this.keyId = details.keyId
  }
}

/** A sealed cache entry or snapshot failed authentication. Never served. */
export class IntegrityError extends ParamkitError {
  readonly code = 'INTEGRITY' as const
}

export class BackendUnavailableError extends ParamkitError {
  readonly code = 'BACKEND_UNAVAILABLE' as const
}

export interface SchemaIssueReport {
  /** Dotted path of the failing field, e.g. `database.port`. */
  path: string
  message: string
}

export class SchemaError extends ParamkitError {
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

export function isParamkitError(error: unknown): error is ParamkitError {
  return error instanceof ParamkitError
}
