import {
  AccessDeniedError,
  BackendUnavailableError,
  KeyStateError,
  kmsKeyIdIn,
  NotFoundError,
  type Operation,
  type ParamkitError,
  ThrottledError,
  ValidationError,
} from '@paramkit/core'

export interface ErrorContext {
  key: string | undefined
  operation: Operation
  /** A SecureString was being decrypted: access denied then most likely means kms:Decrypt. */
  decrypting?: boolean
  keyId?: string | undefined
}

interface SdkError {
  name?: string
  message?: string
  $metadata?: { attempts?: number; httpStatusCode?: number }
  $fault?: 'client' | 'server'
}

const NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound'])
const THROTTLED = new Set(['ThrottlingException', 'TooManyUpdates', 'Throttling', 'RequestLimitExceeded'])
const VALIDATION: Record<string, string> = {
  ValidationException: 'ssm-validation',
  ParameterAlreadyExists: 'already-exists',
  ParameterMaxVersionLimitExceeded: 'max-versions',
  HierarchyLevelLimitExceededException: 'max-levels',
  HierarchyTypeMismatchException: 'type-mismatch',
  InvalidAllowedPatternException: 'allowed-pattern',
  ParameterPatternMismatchException: 'allowed-pattern',
  UnsupportedParameterType: 'parameter-type',
  ParameterLimitExceeded: 'parameter-limit',
  TooManyTagsError: 'max-tags',
  InvalidFilterKey: 'filter',
  InvalidNextToken: 'next-token',
}

/** Maps an SDK error to paramkit's classes; the SDK error is always the `cause`, its message never copied. */
export function mapSsmError(error: unknown, context: ErrorContext): ParamkitError {
  const e = (error ?? {}) as SdkError
  const name = e.name ?? 'Error'
  const message = e.message ?? ''
  const details = { key: context.key, backend: 'ssm', operation: context.operation, cause: error }
  const what = context.key ? `"${context.key}"` : 'the request'
  if (NOT_FOUND.has(name)) return new NotFoundError(`Parameter ${what} not found (${name})`, details)
  if (THROTTLED.has(name)) {
    const attempts = e.$metadata?.attempts
    return new ThrottledError(
      `Parameter Store throttled ${context.operation} of ${what} after ${attempts ?? 1} attempt(s)`,
      {
        ...details,
        ...(attempts ? { attempts } : {}),
      },
    )
  }
  const keyState = kmsKeyState(name, message)
  if (keyState) {
    const keyId = context.keyId ?? kmsKeyIdIn(message)
    return new KeyStateError(`KMS key${keyId ? ` ${keyId}` : ''} for ${what} ${keyState} (${name})`, {
      ...details,
      keyId,
    })
  }
  if (name === 'AccessDeniedException') {
    const viaKms = context.decrypting || /AWSKMS|kms:/i.test(message)
    const permission = viaKms ? 'kms:Decrypt' : `ssm:${ssmAction(context.operation)}`
    const hint = viaKms
      ? ': the likely cause is a missing kms:Decrypt on the KMS key that encrypts this SecureString'
      : `: the caller lacks ${permission}`
    return new AccessDeniedError(`Access denied to ${what}${hint}`, { ...details, permission })
  }
  const rule = VALIDATION[name]
  if (rule)
    return new ValidationError(`Parameter Store refused ${what} (${name}) (rule: ${rule})`, {
      ...details,
      rule,
    })
  return new BackendUnavailableError(
    `Parameter Store failed on ${context.operation} of ${what} (${name})`,
    details,
  )
}

function kmsKeyState(name: string, message: string): string | undefined {
  if (name === 'InvalidKeyId' || /NotFoundException/.test(message)) return 'does not exist or is not usable'
  if (/DisabledException|is disabled/i.test(message)) return 'is disabled'
  if (/KMSInvalidStateException|pending deletion|PendingDeletion/i.test(message)) return 'is pending deletion'
  return undefined
}

function ssmAction(operation: Operation): string {
  const actions: Partial<Record<Operation, string>> = {
    get: 'GetParameter',
    getMany: 'GetParameters',
    list: 'GetParametersByPath',
    put: 'PutParameter',
    delete: 'DeleteParameter',
  }
  return actions[operation] ?? 'GetParameter'
}
