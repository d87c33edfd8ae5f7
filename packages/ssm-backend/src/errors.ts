import { kmsKeyIdIn, kmsKeyStateIn, type ServiceErrors, sdkCall } from '@paramkit/aws'
import { KeyStateError } from '@paramkit/core'

/** Parameter Store's errors as paramkit classes. */
export const SSM_ERRORS: ServiceErrors = {
  service: 'Parameter Store',
  backend: 'ssm',
  noun: 'Parameter',
  actions: {
    get: 'ssm:GetParameter',
    getMany: 'ssm:GetParameters',
    list: 'ssm:GetParametersByPath',
    put: 'ssm:PutParameter',
    delete: 'ssm:DeleteParameter',
  },
  notFound: ['ParameterNotFound', 'ParameterVersionNotFound'],
  throttled: ['TooManyUpdates'],
  validation: {
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
  },
  // A SecureString's KMS key that is disabled, pending deletion or gone.
  special({ name, message, details, what }) {
    if (name !== 'InvalidKeyId' && !/AWSKMS|arn:aws:kms|KMS/i.test(message)) return undefined
    const state = name === 'InvalidKeyId' ? 'does not exist' : kmsKeyStateIn(message)
    if (!state) return undefined
    const keyId = kmsKeyIdIn(message)
    return new KeyStateError(`KMS key${keyId ? ` ${keyId}` : ''} for ${what} ${state} (${name})`, {
      ...details,
      keyId,
    })
  },
}

export const call = sdkCall(SSM_ERRORS)
