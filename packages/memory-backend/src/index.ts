export type { FaultOptions, MemoryOperation, ScriptedError, ScriptedFailure } from './faults.js'
export { seededRandom } from './faults.js'
export { type EntrySpec, flattenSeed, type SeedData, type VersionSpec } from './file-format.js'
export {
  type MemoryBackend,
  type MemoryBackendOptions,
  type MemoryStats,
  memoryBackend,
} from './memory-backend.js'
export { CURRENT, PENDING, PREVIOUS } from './secret-store.js'
export { TokenBucket } from './token-bucket.js'
