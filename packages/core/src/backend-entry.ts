// `@paramkit/core/backend`: what a backend, a key provider or a tool over backends needs.
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
export { minimalCapabilities } from './backend.js'
export {
  type BackoffOptions,
  chunk,
  type DecorrelatedJitterOptions,
  decorrelatedJitter,
  jitteredBackoff,
  mapConcurrent,
} from './backend-kit.js'
export { EncryptedCache } from './cache/encrypted-cache.js'
export { cacheDefaults } from './cache/options.js'
export type { Slot, SlotMeta } from './cache/slot.js'
export type { SlotState } from './cache/slot-state.js'
export { type BackendChange, type ChangeFeed, type ChangeKind, changeFeedOf } from './client/change-feed.js'
export { CIPHER_NAMES, type CipherName, defaultCipher } from './crypto/ciphers.js'
export {
  type DataKey,
  DataKeyGoneError,
  type KeyProvider,
  type KeyProviderStats,
  type WrappedDataKey,
} from './crypto/key-provider.js'
export { defaultRotationPolicy, KeyRing, MAX_SEALS_PER_KEY, type RingKey } from './crypto/key-ring.js'
export { encodeAad, open, type SealContext, type SealedBox, seal } from './crypto/seal.js'
export type { ErrorDetails, Operation } from './errors.js'
export { extractField } from './json-field.js'
export { optionNames, rejectUnknownOptions } from './known-options.js'
export { checkLabel, type ParsedName, type Selector, validateName, validatePath } from './names.js'
export { expirationInPolicyText, expirationOf, policiesJSON, validatePolicies } from './parameter-policies.js'
export { expandTemplate, KeyResolver } from './resolver.js'
export { checkValueSize, type ParameterTier, SECRETS_LIMITS, SSM_LIMITS } from './service-limits.js'
