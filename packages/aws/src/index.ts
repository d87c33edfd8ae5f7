export { type Call, sdkCall } from './call.js'
export type { SdkError } from './environment.js'
export { kmsKeyIdIn, kmsKeyStateIn } from './kms-key-id.js'
export {
  type Attempts,
  type ClientOptions,
  type DestroyableClient,
  type LazyClient,
  lazyClient,
} from './lazy-client.js'
export {
  expirationInPolicyText,
  expirationOf,
  type ParameterPolicy,
  type PolicyUnit,
  policiesJSON,
  validatePolicies,
} from './parameter-policies.js'
export { type RegionalOptions, regionalBackend } from './regions.js'
export { RETRY_DEFAULTS, type RetryOptions, retryStrategy } from './retry.js'
export { type CallContext, type Failure, mapSdkError, type ServiceErrors } from './service-errors.js'
export { checkValueSize, type ParameterTier, SECRETS_LIMITS, SSM_LIMITS } from './service-limits.js'
export {
  checkLabel,
  checkParameterName,
  NAME_RULES,
  type NameCheckOptions,
  type ParsedName,
  type Selector,
  validateName,
  validatePath,
} from './ssm-names.js'
