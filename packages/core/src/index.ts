// What an application uses. What a backend or key-provider author needs is at `@paramkit/core/backend`.
export type { CacheOptions } from './cache/options.js'
export { type ConfigClient, type ConfigStats, createConfig } from './client/config.js'
export type { ChangeEvent, ConfigEvents } from './client/events.js'
export type { ConfigOptions } from './client/options.js'
export type { ConfigEntry } from './client/secret-reads.js'
export type { SnapshotOptions } from './client/snapshot.js'
export type { SnapshotStats } from './client/snapshot-keeper.js'
export { type SnapshotRefusal, SnapshotRefusedError } from './client/snapshot-refusal.js'
export type { ConfigTree } from './client/tree.js'
export type { WarmBootReason, WarmBootStats } from './client/warm-boot.js'
export {
  type CipherName,
  type CryptoImplementation,
  type CryptoInfo,
  cryptoInfo,
} from './crypto/ciphers.js'
export { type LocalKeyProviderOptions, localKeyProvider } from './crypto/local-key-provider.js'
export type { MasterKeyInput } from './crypto/master-key.js'
export { withSnapshotKeys } from './crypto/snapshot-keys.js'
export { errorLogLine, errorResponse } from './error-report.js'
export {
  AccessDeniedError,
  BackendUnavailableError,
  ClosedError,
  type ErrorCode,
  IntegrityError,
  isParamkitError,
  KeyStateError,
  NotFoundError,
  NotLoadedError,
  ParamkitError,
  ReplicaMissingError,
  SchemaError,
  type SchemaIssueReport,
  ThrottledError,
  type TimeoutBudget,
  TimeoutError,
  ValidationError,
} from './errors.js'
export { escapeControls } from './escape-controls.js'
export type { FailoverEvent, FailoverOptions, FailoverReason, FailoverStats } from './failover/events.js'
export { failoverBackends } from './failover/failover-backends.js'
export { type Route, routeBackends } from './route-backends.js'
export { Secret } from './secret.js'
export { secretValue } from './secret-value.js'
export { type SelectBackendOptions, selectBackend } from './select-backend.js'
export type { StandardSchemaV1 } from './standard-schema.js'
