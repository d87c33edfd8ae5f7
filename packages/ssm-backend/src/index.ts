export type { ClientOptions, RetryOptions } from '@paramkit/aws-kit'
export { SSM_LIMITS } from '@paramkit/core/backend'
export { type SsmBackendOptions, ssmBackend } from './ssm-backend.js'
