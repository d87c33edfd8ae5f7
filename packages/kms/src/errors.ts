import {
  AccessDeniedError,
  BackendUnavailableError,
  IntegrityError,
  KeyStateError,
  type ParamkitError,
  ThrottledError,
} from '@paramkit/core'

interface SdkError {
  name?: string
  message?: string
  $metadata?: { attempts?: number }
}

export type KmsAction = 'GenerateDataKey' | 'Decrypt'

/** Maps a KMS SDK error to paramkit's classes, naming the key and, for access, the missing permission. */
export function mapKmsError(error: unknown, keyId: string, action: KmsAction): ParamkitError {
  const e = (error ?? {}) as SdkError
  const name = e.name ?? 'Error'
  const details = { key: keyId, backend: 'kms', operation: 'key' as const, cause: error, keyId }
  switch (name) {
    case 'DisabledException':
      return new KeyStateError(`KMS key ${keyId} is disabled (${name})`, details)
    case 'KMSInvalidStateException':
      return new KeyStateError(
        `KMS key ${keyId} is pending deletion or otherwise unusable (${name})`,
        details,
      )
    case 'NotFoundException':
      return new KeyStateError(`KMS key ${keyId} does not exist (${name})`, details)
    case 'AccessDeniedException':
      return new AccessDeniedError(`Access denied to KMS key ${keyId}: the caller lacks kms:${action}`, {
        ...details,
        permission: `kms:${action}`,
      })
    case 'InvalidCiphertextException':
    case 'IncorrectKeyException':
      return new IntegrityError(
        `A wrapped data key failed to unwrap under KMS key ${keyId} (${name})`,
        details,
      )
    case 'ThrottlingException':
      return new ThrottledError(`KMS throttled ${action} on ${keyId}`, {
        ...details,
        ...(e.$metadata?.attempts ? { attempts: e.$metadata.attempts } : {}),
      })
    default:
      return new BackendUnavailableError(`KMS ${action} on ${keyId} failed (${name})`, details)
  }
}
