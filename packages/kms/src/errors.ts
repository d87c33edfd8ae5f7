import { type ServiceErrors, sdkCall } from '@paramkit/aws'
import { IntegrityError, KeyStateError } from '@paramkit/core'

const KEY_STATES: Record<string, string> = {
  DisabledException: 'is disabled',
  KMSInvalidStateException: 'is pending deletion or otherwise unusable',
  NotFoundException: 'does not exist',
}

/** KMS's errors as paramkit classes; the key is the KMS key id, the action GenerateDataKey or Decrypt. */
export const KMS_ERRORS: ServiceErrors = {
  service: 'KMS',
  backend: 'kms',
  noun: 'KMS key',
  actions: {},
  special({ name, details, context }) {
    const keyId = context.key
    const state = KEY_STATES[name]
    if (state) return new KeyStateError(`KMS key ${keyId} ${state} (${name})`, { ...details, keyId })
    if (name === 'InvalidCiphertextException' || name === 'IncorrectKeyException') {
      return new IntegrityError(
        `A wrapped data key failed to unwrap under KMS key ${keyId} (${name})`,
        details,
      )
    }
    return undefined
  },
}

export const call = sdkCall(KMS_ERRORS)
