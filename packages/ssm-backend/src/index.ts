export type { ClientOptions, RetryOptions } from '@paramkit/aws'
export { SSM_LIMITS } from '@paramkit/core/backend'
export { type SsmBackendOptions, ssmBackend } from './ssm-backend.js'
