export type { ClientOptions, RetryOptions } from '@paramkit/aws'
export { SECRETS_LIMITS } from '@paramkit/core/backend'
export {
  type SecretsManagerBackend,
  type SecretsManagerBackendOptions,
  secretsManagerBackend,
} from './secrets-manager-backend.js'
