import {
  AccessDeniedError,
  BackendUnavailableError,
  NotFoundError,
  type ParamkitError,
  ThrottledError,
  ValidationError,
} from '@paramkit/core'
import type { Operation } from '@paramkit/core/backend'
import {
  abortProblem,
  REFUSED_CREDENTIALS,
  readableError,
  type SdkError,
  setupProblem,
} from './environment.js'

/** Where an SDK call failed: what paramkit was doing, on which key, and what it knows beyond that. */
export interface CallContext {
  operation: Operation
  key: string | undefined
  /** The IAM action when the operation does not tell it, e.g. `kms:Decrypt`. */
  action?: string
  /** A value was being decrypted: a denial without a named action then most likely means kms:Decrypt. */
  decrypting?: boolean
}

/** What a mapping rule gets: the SDK error and the fields every paramkit error carries. */
export interface Failure {
  error: SdkError
  name: string
  message: string
  context: CallContext
  details: { key: string | undefined; backend: string; operation: Operation; cause: unknown }
  /** The key quoted for a message, or `the request`. */
  what: string
}

/** One AWS service's error names, as paramkit classes. */
export interface ServiceErrors {
  /** As messages name the service, e.g. `Parameter Store`. */
  service: string
  /** The backend name errors carry, e.g. `ssm`. */
  backend: string
  /** What one key is, e.g. `Parameter`, `Secret`. */
  noun: string
  /** The IAM action each operation needs, e.g. `{ list: 'ssm:GetParametersByPath' }`. */
  actions: Partial<Record<Operation, string>>
  notFound?: readonly string[]
  /** Throttle names beyond the ones every service shares. */
  throttled?: readonly string[]
  /** Denial names beyond the ones every service shares (e.g. SNS's `AuthorizationError`). */
  denied?: readonly string[]
  /** Error name to the rule a ValidationError reports. */
  validation?: Readonly<Record<string, string>>
  /** Cases only this service has (KMS key states, deletion), tried before the shared ones. */
  special?: (failure: Failure) => ParamkitError | undefined
}

const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
])
const DENIED = new Set(['AccessDeniedException', 'AccessDenied'])

/** Maps an SDK error through a service's table; the SDK error is always the `cause`, its message never copied. */
export function mapSdkError(table: ServiceErrors, error: unknown, context: CallContext): ParamkitError {
  const e = readableError((error ?? {}) as SdkError)
  const name = e.name ?? 'Error'
  const what = context.key ? `"${context.key}"` : 'the request'
  const details = { key: context.key, backend: table.backend, operation: context.operation, cause: error }
  const doing = `${context.action?.split(':').pop() ?? context.operation} of ${what}`
  // Never NotFound or Throttled: an aborted call, a timeout or a dead connection says nothing about the key.
  const setup = abortProblem(e) ?? setupProblem(e)
  if (setup) return new BackendUnavailableError(`${table.service} failed on ${doing}: ${setup}`, details)
  const failure: Failure = { error: e, name, message: e.message ?? '', context, details, what }
  const special = table.special?.(failure)
  if (special) return special
  if (table.notFound?.includes(name))
    return new NotFoundError(`${table.noun} ${what} not found (${name})`, details)
  if (THROTTLED.has(name) || table.throttled?.includes(name)) {
    const attempts = e.$metadata?.attempts
    return new ThrottledError(`${table.service} throttled ${doing} after ${attempts ?? 1} attempt(s)`, {
      ...details,
      ...(attempts ? { attempts } : {}),
    })
  }
  if (DENIED.has(name) || table.denied?.includes(name)) return accessDenied(table, failure)
  if (REFUSED_CREDENTIALS.has(name)) {
    return new AccessDeniedError(
      `${table.service} refused the credentials on ${doing} (${name}): check AWS_PROFILE or the access keys, and that they have not expired`,
      details,
    )
  }
  const rule = table.validation?.[name]
  if (rule)
    return new ValidationError(`${table.service} refused ${what} (${name}) (rule: ${rule})`, {
      ...details,
      rule,
    })
  return new BackendUnavailableError(`${table.service} failed on ${doing} (${name})`, details)
}

/**
 * AccessDenied naming the missing permission: the action AWS names; else kms:Decrypt when KMS
 * refused; else the operation's action, with kms:Decrypt as the other suspect while decrypting.
 */
function accessDenied(table: ServiceErrors, { message, context, details, what }: Failure): AccessDeniedError {
  const named = /perform:\s*([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1]
  if (!named && /AWSKMS|kms:|KMS key|customer master key/i.test(message)) {
    return new AccessDeniedError(
      `Access denied to ${what}: the likely cause is a missing kms:Decrypt on the KMS key that encrypts it`,
      { ...details, permission: 'kms:Decrypt' },
    )
  }
  const permission = named ?? context.action ?? table.actions[context.operation] ?? `${table.backend}:*`
  const or = !named && context.decrypting ? ' (or kms:Decrypt on the KMS key that encrypts it)' : ''
  return new AccessDeniedError(`Access denied to ${what}: the caller lacks ${permission}${or}`, {
    ...details,
    permission,
  })
}
