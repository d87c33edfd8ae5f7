export { backoffStrategy, type ClientOptions } from './client.js'
export { type SecretValue, toEntry } from './entries.js'
export { mapSecretsError } from './errors.js'
export { SECRET_NAME, validateSecretName } from './names.js'
export {
  SECRETS_LIMITS,
  type SecretsManagerBackend,
  type SecretsManagerBackendOptions,
  secretsManagerBackend,
} from './secrets-manager-backend.js'
