export type { ClientOptions, RetryOptions } from '@paramkit/aws'
export { SECRETS_LIMITS } from '@paramkit/aws'
export {
  type SecretsManagerBackend,
  type SecretsManagerBackendOptions,
  secretsManagerBackend,
} from './secrets-manager-backend.js'
