import { kmsKeyIdIn, kmsKeyStateIn, type ServiceErrors, sdkCall } from '@paramkit/aws'
import { AccessDeniedError, KeyStateError, NotFoundError } from '@paramkit/core'

/** Secrets Manager's errors as paramkit classes. */
export const SECRETS_ERRORS: ServiceErrors = {
  service: 'Secrets Manager',
  backend: 'secrets-manager',
  noun: 'Secret',
  actions: {
    get: 'secretsmanager:GetSecretValue',
    getMany: 'secretsmanager:BatchGetSecretValue',
    list: 'secretsmanager:ListSecrets',
    put: 'secretsmanager:PutSecretValue',
    delete: 'secretsmanager:DeleteSecret',
  },
  notFound: ['ResourceNotFoundException'],
  validation: {
    InvalidParameterException: 'sm-validation',
    ValidationException: 'sm-validation',
    ResourceExistsException: 'already-exists',
    LimitExceededException: 'sm-limit',
    MalformedPolicyDocumentException: 'policy',
    PreconditionNotMetException: 'precondition',
  },
  // A secret scheduled for deletion, and the KMS key behind a secret.
  special({ name, message, details, what }) {
    if (
      name === 'InvalidRequestException' &&
      /(marked|scheduled) for deletion|marked deleted/i.test(message)
    ) {
      return new NotFoundError(
        `Secret ${what} is scheduled for deletion, so it cannot be read or written`,
        details,
      )
    }
    if (name !== 'DecryptionFailure' && name !== 'EncryptionFailure') return undefined
    const state = kmsKeyStateIn(message)
    const keyId = kmsKeyIdIn(message)
    if (state) {
      return new KeyStateError(`KMS key${keyId ? ` ${keyId}` : ''} for ${what} ${state} (${name})`, {
        ...details,
        keyId,
      })
    }
    const permission = name === 'DecryptionFailure' ? 'kms:Decrypt' : 'kms:GenerateDataKey'
    return new AccessDeniedError(
      `Secrets Manager could not ${name === 'DecryptionFailure' ? 'decrypt' : 'encrypt'} ${what} (${name}): the likely cause is a missing ${permission} on its KMS key`,
      { ...details, permission },
    )
  },
}

export const call = sdkCall(SECRETS_ERRORS)
