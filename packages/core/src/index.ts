export type {
  Backend,
  BackendCapabilities,
  Entry,
  EntryType,
  GetManyResult,
  ListOptions,
  ListPage,
  PutOptions,
  PutResult,
  ReadOptions,
} from './backend.js'
export { isSensitiveType, minimalCapabilities } from './backend.js'
export { chunk, mapConcurrent } from './backend-kit.js'
export { type CacheHooks, type CacheStats, EncryptedCache, type Loader } from './cache/encrypted-cache.js'
export { type CacheOptions, type Clock, cacheDefaults } from './cache/options.js'
export type { EntryMeta, Slot } from './cache/slot.js'
export { isAuthenticationError } from './client/auth-errors.js'
export {
  type ConfigClient,
  type ConfigStats,
  createConfig,
  type FreshSecretOptions,
} from './client/config.js'
export type { ChangeEvent, ConfigEvents, ErrorEvent, RefreshEvent, SnapshotEvent } from './client/events.js'
export type { ConfigOptions } from './client/options.js'
export { readSnapshot, type SnapshotContent, type SnapshotOptions, writeSnapshot } from './client/snapshot.js'
export type { SnapshotStats } from './client/snapshot-keeper.js'
export { buildTree, type ConfigTree, mergeTrees, SELF_KEY } from './client/tree.js'
export {
  type DataKey,
  DataKeyGoneError,
  type KeyProvider,
  type KeyProviderStats,
  type WrappedDataKey,
} from './crypto/key-provider.js'
export { defaultRotationPolicy, KeyRing, type RingKey, type RotationPolicy } from './crypto/key-ring.js'
export { type LocalKeyProviderOptions, localKeyProvider } from './crypto/local-key-provider.js'
export { encodeAad, open, type SealContext, type SealedBox, seal } from './crypto/seal.js'
export {
  AccessDeniedError,
  BackendUnavailableError,
  describeCause,
  type ErrorCode,
  type ErrorDetails,
  IntegrityError,
  isParamkitError,
  KeyStateError,
  NotFoundError,
  type Operation,
  ParamkitError,
  SchemaError,
  type SchemaIssueReport,
  ThrottledError,
  ValidationError,
} from './errors.js'
export { extractField } from './json-field.js'
export {
  checkLabel,
  MAX_FIELD_LENGTH,
  NAME_RULES,
  type NameCheckOptions,
  type ParsedName,
  parseSelector,
  type Selector,
  safeName,
  validateName,
  validatePath,
} from './names.js'
export { expandTemplate, KeyResolver, type Resolution, type ResolverOptions } from './resolver.js'
export { type Route, routeBackends } from './route-backends.js'
export { isSecret, REDACTED, Secret } from './secret.js'
export { type BackendFactory, type SelectBackendOptions, selectBackend } from './select-backend.js'
export { checkValueSize, type ParameterTier, SECRETS_LIMITS, SSM_LIMITS } from './service-limits.js'
export type { StandardSchemaV1 } from './standard-schema.js'
