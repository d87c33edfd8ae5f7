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

interface SdkError {
  name?: string
  message?: string
  $metadata?: { attempts?: number }
}

const THROTTLED = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'RequestLimitExceeded',
])
const VALIDATION: Record<string, string> = {
  InvalidParameterException: 'sm-validation',
  ValidationException: 'sm-validation',
  ResourceExistsException: 'already-exists',
  LimitExceededException: 'sm-limit',
  MalformedPolicyDocumentException: 'policy',
  PreconditionNotMetException: 'precondition',
}

/** Maps a Secrets Manager SDK error to paramkit's classes; the SDK error is the `cause`, its message never copied. */
export function mapSecretsError(
  error: unknown,
  key: string | undefined,
  operation: Operation,
): ParamkitError {
  const e = (error ?? {}) as SdkError
  const name = e.name ?? 'Error'
  const message = e.message ?? ''
  const details = { key, backend: 'secrets-manager', operation, cause: error }
  const what = key ? `"${key}"` : 'the request'
  if (name === 'ResourceNotFoundException')
    return new NotFoundError(`Secret ${what} not found (${name})`, details)
  if (name === 'InvalidRequestException' && /(marked|scheduled) for deletion|marked deleted/i.test(message)) {
    return new NotFoundError(
      `Secret ${what} is scheduled for deletion, so it cannot be read or written`,
      details,
    )
  }
  if (THROTTLED.has(name)) {
    const attempts = e.$metadata?.attempts
    return new ThrottledError(
      `Secrets Manager throttled ${operation} of ${what} after ${attempts ?? 1} attempt(s)`,
      {
        ...details,
        ...(attempts ? { attempts } : {}),
      },
    )
  }
  if (name === 'DecryptionFailure' || name === 'EncryptionFailure') {
    const state = keyState(message)
    const keyId = kmsKeyIdIn(message)
    if (state)
      return new KeyStateError(`KMS key${keyId ? ` ${keyId}` : ''} for ${what} ${state} (${name})`, {
        ...details,
        keyId,
      })
    return new AccessDeniedError(
      `Secrets Manager could not ${name === 'DecryptionFailure' ? 'decrypt' : 'encrypt'} ${what} (${name}): the likely cause is a missing kms:${name === 'DecryptionFailure' ? 'Decrypt' : 'GenerateDataKey'} on its KMS key`,
      { ...details, permission: name === 'DecryptionFailure' ? 'kms:Decrypt' : 'kms:GenerateDataKey' },
    )
  }
  if (name === 'AccessDeniedException') {
    const viaKms = /kms/i.test(message)
    const permission = viaKms ? 'kms:Decrypt' : `secretsmanager:${action(operation)}`
    return new AccessDeniedError(`Access denied to ${what}: the caller lacks ${permission}`, {
      ...details,
      permission,
    })
  }
  const rule = VALIDATION[name]
  if (rule)
    return new ValidationError(`Secrets Manager refused ${what} (${name}) (rule: ${rule})`, {
      ...details,
      rule,
    })
  return new BackendUnavailableError(`Secrets Manager failed on ${operation} of ${what} (${name})`, details)
}

function keyState(message: string): string | undefined {
  if (/disabled/i.test(message)) return 'is disabled'
  if (/pending deletion|PendingDeletion|KMSInvalidStateException/i.test(message)) return 'is pending deletion'
  if (/NotFoundException|does not exist/i.test(message)) return 'does not exist'
  return undefined
}

function action(operation: Operation): string {
  const actions: Partial<Record<Operation, string>> = {
    get: 'GetSecretValue',
    getMany: 'BatchGetSecretValue',
    list: 'ListSecrets',
    put: 'PutSecretValue',
    delete: 'DeleteSecret',
  }
  return actions[operation] ?? 'GetSecretValue'
}
