export type { ClientOptions, RetryOptions } from '@paramkit/aws'
export { SSM_LIMITS } from '@paramkit/aws'
export { type SsmBackendOptions, ssmBackend } from './ssm-backend.js'
