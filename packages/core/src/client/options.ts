import type { Backend } from '../backend.js'
import type { CacheOptions } from '../cache/options.js'
import { optionNames } from '../known-options.js'
import type { StandardSchemaV1 } from '../standard-schema.js'
import type { RetryOptions } from './policy/call-policy.js'
import type { CircuitOptions } from './policy/circuit.js'
import type { TimeoutOptions } from './policy/timeouts.js'
import type { SnapshotOptions } from './snapshot.js'

export interface ConfigOptions<S extends StandardSchemaV1 | undefined = undefined> {
  backend: Backend
  /** Fills `{env}` in `prefix` and `fallbacks`, e.g. `prod`. */
  env?: string
  /** Fills `{service}`, e.g. `order-api`. */
  service?: string
  /** Other `{placeholders}` for the templates. */
  variables?: Record<string, string>
  /** The service's own level. Default `/{env}/{service}` when both are given, else the root. */
  prefix?: string
  /** Levels tried in order when a relative key is missing, e.g. `['/{env}/shared', '/shared']`. */
  fallbacks?: readonly string[]
  cache?: CacheOptions
  /** Standard Schema validator used by `load()` when none is passed. */
  schema?: S
  /** Decrypt SecureString values (default true). */
  withDecryption?: boolean
  /** Keep the last good configuration in a sealed file, and start from it when the backend is down. */
  snapshot?: SnapshotOptions
  /**
   * Time budgets: `callMs` per backend call (3 s), `readMs` per read (5 s), `staleMs` before a held
   * stale value answers (100 ms), `loadMs` per whole-tree read (30 s).
   */
  timeouts?: TimeoutOptions
  /**
   * How a throttled, failed or timed-out call is tried again: decorrelated-jitter backoff from
   * `baseDelayMs` (50 ms) up to `maxDelayMs` (1 s), within the read's budget and a retry budget of
   * `budgetRatio` (0.2) retries per first attempt plus `budgetFloor` (10) per 10 s.
   */
  retry?: RetryOptions
  /** The backend's circuit: opens after `failures` (5) consecutive transport failures; probes every `probeMs` (2 s). */
  circuit?: CircuitOptions
  /** Most calls in flight at once to this backend object, shared by its clients. Default 4. */
  concurrency?: number
  /** Milliseconds between background refreshes of everything cached; 0 (default) is off. The timer is unref'd. */
  refreshAhead?: number
}

export const configOptionNames = optionNames<ConfigOptions>({
  backend: true,
  env: true,
  service: true,
  variables: true,
  prefix: true,
  fallbacks: true,
  cache: true,
  schema: true,
  withDecryption: true,
  snapshot: true,
  refreshAhead: true,
  retry: true,
  timeouts: true,
  circuit: true,
  concurrency: true,
})

export const snapshotOptionNames = optionNames<SnapshotOptions>({
  path: true,
  maxAge: true,
  writeDebounceMs: true,
  warmBoot: true,
  revalidateMs: true,
  write: true,
})

export function defaultPrefix(options: { env?: string; service?: string; prefix?: string }): string {
  if (options.prefix !== undefined) return options.prefix
  if (options.env !== undefined && options.service !== undefined) return '/{env}/{service}'
  return ''
}
