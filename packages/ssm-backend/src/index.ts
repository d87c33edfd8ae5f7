export { backoffStrategy, type ClientOptions, type RetryOptions } from './client.js'
export { toEntry, withRequestedSelectors } from './entries.js'
export { type ErrorContext, mapSsmError } from './errors.js'
export { chooseTier, SSM_LIMITS, type SsmBackendOptions, ssmBackend } from './ssm-backend.js'
