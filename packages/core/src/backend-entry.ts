// `@paramkit/core/backend`: what a backend, a key provider or a tool over backends needs. Every name
// here is used by another published package (test/backend-surface.test.ts keeps it that way);
// what only tests and benchmarks use is at `@paramkit/core/testing`. AWS's own rules (name rules,
// limits, parameter policies) are in `@paramkit/aws`.
export { checkArnService, isArn } from './arn.js'
export { writeFileAtomic } from './atomic-write.js'
export type {
  Backend,
  BackendCapabilities,
  Entry,
  EntryType,
  GetManyResult,
  ListOptions,
  ListPage,
  PutOptions,
  ReadOptions,
} from './backend.js'
export { type BackoffOptions, chunk, jitteredBackoff, mapConcurrent } from './backend-kit.js'
export { type BackendChange, type ChangeFeed, type ChangeKind, changeFeedOf } from './client/change-feed.js'
export type { DataKey, KeyProvider, KeyProviderStats, WrappedDataKey } from './crypto/key-provider.js'
export { defaultRotationPolicy, KeyRing, type RingKey } from './crypto/key-ring.js'
export type { Operation } from './errors.js'
export { optionNames, rejectUnknownOptions } from './known-options.js'
export { invalidName, type NameCheck, splitField } from './names.js'
export { expandTemplate, KeyResolver } from './resolver.js'
