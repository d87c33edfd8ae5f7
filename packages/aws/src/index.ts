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
export { RETRY_DEFAULTS, type RetryOptions, retryStrategy } from './retry.js'
export { type CallContext, type Failure, mapSdkError, type ServiceErrors } from './service-errors.js'
