import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { NotFoundError, ValidationError } from '@paramkit/core'
import {
  type Backend,
  type BackendCapabilities,
  type Entry,
  expirationOf,
  type GetManyResult,
  type ListOptions,
  type ListPage,
  optionNames,
  type PutOptions,
  type ReadOptions,
  rejectUnknownOptions,
  SSM_LIMITS,
  validateName,
  validatePath,
  validatePolicies,
} from '@paramkit/core/backend'
import {
  FaultInjector,
  type FaultOptions,
  faultOptionNames,
  type MemoryOperation,
  type ScriptedFailure,
  seededRandom,
} from './faults.js'
import { flattenSeed, type SeedData } from './file-format.js'
import { invalid } from './limits.js'
import { ParameterStore } from './parameter-store.js'
import { SecretStore } from './secret-store.js'
import { applySeed } from './seed.js'
import { toSeedData } from './snapshot.js'

export interface MemoryBackendOptions {
  /** Initial data, in the same format as `fromFile` and `snapshot()`. */
  seed?: SeedData
  faults?: FaultOptions
  /** Milliseconds clock for timestamps, rotation dates and the throttle. Default `Date`. */
  clock?: { now(): number }
  /** Tier used when `put` names none. Default `Intelligent-Tiering` (Advanced only above 4 KB). */
  defaultTier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering'
  /** Name shown in errors and stats. Default `memory`. */
  name?: string
  /** How injected latency waits. Default `setTimeout`; tests pass a recorder or a fake. */
  sleep?: (ms: number) => Promise<void>
}

export interface MemoryStats {
  /** API calls per operation: a `getMany` of 25 names is 3 calls, a `list` of 3 pages is 3. */
  calls: Record<MemoryOperation, number>
  throttled: number
  injected: number
}

export interface MemoryBackend extends Backend {
  put(name: string, value: string | Uint8Array, options?: PutOptions): Promise<{ version: string }>
  delete(name: string): Promise<void>
  label(name: string, version: number, labels: readonly string[]): Promise<void>
  /** A Secrets Manager rotation to `value`; `finish: false` leaves it staged AWSPENDING. Returns the new version id. */
  rotate(name: string, value: string | Uint8Array, options?: { finish?: boolean }): Promise<string>
  /** Sets (or clears) a secret's rotation schedule, which sets `rotatesAt`. */
  setRotation(name: string, days: number | undefined): Promise<void>
  snapshot(): SeedData
  /** Adds a scripted failure while running, e.g. `{ operation: 'getMany', error: 'throttled', times: 2 }`. */
  injectFault(failure: ScriptedFailure): void
  stats(): MemoryStats
  resetStats(): void
}

const capabilities: BackendCapabilities = {
  write: true,
  types: ['String', 'StringList', 'SecureString', 'Secret', 'Binary'],
  versionSelectors: true,
  labelSelectors: true,
  stages: true,
  nonRecursiveList: true,
  maxValueBytes: SSM_LIMITS.advancedBytes,
  batchSize: SSM_LIMITS.batch,
}

const optionNamesOfMemory = optionNames<MemoryBackendOptions>({
  seed: true,
  faults: true,
  clock: true,
  defaultTier: true,
  name: true,
  sleep: true,
})
const faultHints = Object.fromEntries(faultOptionNames.map((key) => [key, `faults: { ${key} }`]))

/** An in-memory store that behaves like Parameter Store and Secrets Manager, with fault injection. */
export function memoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  rejectUnknownOptions(options, optionNamesOfMemory, 'memoryBackend options', faultHints)
  rejectUnknownOptions(options.faults, faultOptionNames, 'memoryBackend({ faults })')
  const now = () => (options.clock ?? Date).now()
  const name = options.name ?? 'memory'
  const idRandom = seededRandom((options.faults?.seed ?? 1) ^ 0x5eed)
  const newId = () =>
    Array.from({ length: 4 }, () =>
      Math.floor(idRandom() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    ).join('-')
  const parameters = new ParameterStore(now)
  const secrets = new SecretStore(now, newId)
  const faults = new FaultInjector(options.faults ?? {}, now)
  const calls = emptyCalls()
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  /** One API call: counted, delayed and faulted; `run` reads the store after the delay, or before it in round-trip mode. */
  async function apiCall<T>(operation: MemoryOperation, names: readonly string[], act: () => T): Promise<T> {
    // Parameter Store deletes a parameter at its Expiration: the store is swept whenever it is read.
    const run = () => {
      parameters.sweepExpired(now())
      return act()
    }
    calls[operation]++
    const delay = faults.delay()
    if (!faults.roundTrip) {
      if (delay > 0) await sleep(delay)
      faults.check(operation, names)
      return run()
    }
    let outcome: { value: T } | { error: unknown }
    try {
      faults.check(operation, names)
      outcome = { value: run() }
    } catch (error) {
      outcome = { error }
    }
    if (delay > 0) await sleep(delay)
    if ('error' in outcome) throw outcome.error
    return outcome.value
  }

  function readOne(input: string, read: ReadOptions = {}, operation: MemoryOperation = 'get'): Entry {
    // `name#field` is core's business (one cached secret, fields derived from it): a backend sees whole names.
    const { name: plain, selector } = validateName(input)
    const selectorText = selector ? input.slice(plain.length) : undefined
    const parameter = parameters.parameters.get(plain)
    if (parameter) {
      const { version } = parameters.read(plain, selector)
      const entry = parameters.toEntry(parameter, version, selectorText)
      if (parameter.type !== 'SecureString') return entry
      if (read.withDecryption === false) return { ...entry, value: fakeCiphertext(version.value) }
      faults.checkKey(plain, operation)
      return entry
    }
    if (!secrets.secrets.has(plain))
      throw new NotFoundError(`"${plain}" not found`, { key: plain, backend: name, operation: 'get' })
    if (selector?.kind === 'version') {
      throw new NotFoundError(
        `secret "${plain}" has no numbered versions; use a staging label or versionId`,
        {
          key: input,
          backend: name,
          operation: 'get',
        },
      )
    }
    const stage = selector?.kind === 'label' ? selector.label : read.versionStage
    const { record, version } = secrets.read(plain, { versionStage: stage, versionId: read.versionId })
    faults.checkKey(plain, operation)
    const entry = secrets.toEntry(record, version)
    return selectorText === undefined ? entry : { ...entry, selector: selectorText }
  }

  function allNames(): string[] {
    return [...parameters.parameters.keys(), ...secrets.secrets.keys()].sort()
  }

  const backend: MemoryBackend = {
    name,
    capabilities,

    async get(input, read) {
      validateName(input)
      return apiCall('get', [input], () => readOne(input, read))
    },

    async getMany(names, read): Promise<GetManyResult> {
      const result: GetManyResult = { entries: [], missing: [], invalid: [] }
      for (let i = 0; i < names.length; i += SSM_LIMITS.batch) {
        const batch = names.slice(i, i + SSM_LIMITS.batch)
        const part = await apiCall('getMany', batch, () => {
          const out: GetManyResult = { entries: [], missing: [], invalid: [] }
          for (const input of batch) {
            try {
              out.entries.push(readOne(input, read, 'getMany'))
            } catch (error) {
              if (NotFoundError.is(error)) out.missing.push(input)
              else if (ValidationError.is(error)) out.invalid.push(input)
              else throw error
            }
          }
          return out
        })
        result.entries.push(...part.entries)
        result.missing.push(...part.missing)
        result.invalid.push(...part.invalid)
      }
      return result
    },

    async *list(path: string, listOptions: ListOptions = {}): AsyncIterable<ListPage> {
      const base = validatePath(path)
      const recursive = listOptions.recursive ?? true
      const pageSize = Math.min(Math.max(1, listOptions.pageSize ?? SSM_LIMITS.page), SSM_LIMITS.page)
      const prefix = base === '/' ? '/' : `${base}/`
      const matches = (n: string) =>
        n.startsWith(prefix) && (recursive || !n.slice(prefix.length).includes('/'))
      let after: string | undefined
      do {
        const from = after
        const { entries, more } = await apiCall('list', [base], () => {
          const names = allNames().filter((n) => matches(n) && (from === undefined || n > from))
          const page = names.slice(0, pageSize).map((n) => readOne(n, listOptions, 'list'))
          return { entries: page, more: names.length > pageSize }
        })
        after = more ? entries[entries.length - 1]!.name : undefined
        yield after === undefined
          ? { entries }
          : { entries, nextToken: Buffer.from(after).toString('base64url') }
      } while (after !== undefined)
    },

    async put(input, value, put = {}) {
      validateName(input, { mode: 'write' })
      const policies =
        put.policies === undefined
          ? undefined
          : validatePolicies(input, put.policies, { backend: name, tier: put.tier, now: now() })
      return apiCall('put', [input], () => {
        const type = put.type ?? (typeof value === 'string' ? 'String' : 'Binary')
        if (type === 'Secret' || type === 'Binary') {
          if (policies)
            throw invalid(input, 'policies-parameter-only', 'policies are for Parameter Store parameters')
          if (parameters.parameters.has(input))
            throw invalid(input, 'type-conflict', 'a parameter of that name exists')
          const id = secrets.put(input, value, {
            overwrite: put.overwrite ?? false,
            tags: put.tags,
            rotationDays: put.rotationDays,
          })
          return { version: id }
        }
        if (typeof value !== 'string')
          throw invalid(input, 'binary-parameter', 'Parameter Store values are strings')
        if (secrets.secrets.has(input)) throw invalid(input, 'type-conflict', 'a secret of that name exists')
        const version = parameters.put(input, value, {
          type,
          overwrite: put.overwrite ?? false,
          tags: put.tags,
          tier: policies?.length ? 'Advanced' : (put.tier ?? options.defaultTier ?? 'Intelligent-Tiering'),
          keyId: put.keyId,
          ...(policies ? { policies: { expiresAt: expirationOf(policies)?.getTime() } } : {}),
        })
        return { version: String(version) }
      })
    },

    async delete(input) {
      validateName(input, { mode: 'write' })
      await apiCall('delete', [input], () => {
        if (secrets.secrets.has(input)) secrets.delete(input)
        else parameters.delete(input)
      })
    },

    async label(input, version, labels) {
      validateName(input, { mode: 'write' })
      await apiCall('label', [input], () => parameters.label(input, version, labels))
    },

    async rotate(input, value, rotation = {}) {
      return apiCall('rotate', [input], () => secrets.rotate(input, value, rotation.finish ?? true))
    },

    async setRotation(input, days) {
      await apiCall('rotate', [input], () => secrets.setRotation(input, days))
    },

    snapshot: () => toSeedData(parameters, secrets),
    injectFault: (failure) => faults.add(failure),
    stats: () => ({ calls: { ...calls }, throttled: faults.throttled, injected: faults.injected }),
    resetStats() {
      Object.assign(calls, emptyCalls())
    },
    async close() {},
  }

  if (options.seed) applySeed(options.seed, parameters, secrets, options.defaultTier)
  return backend
}

/** Reads a JSON file in the seed format; errors name the file and the JSON path. */
memoryBackend.fromFile = async (
  path: string,
  options: Omit<MemoryBackendOptions, 'seed'> = {},
): Promise<MemoryBackend> => {
  const text = await readFile(path, 'utf8')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ValidationError(
      `${path}: not valid JSON (${(error as Error).message.replace(/".*"/s, '…')}) (rule: json)`,
      {
        backend: 'memory',
        operation: 'validate',
        rule: 'json',
      },
    )
  }
  flattenSeed(data, path)
  return memoryBackend({ ...options, seed: data as SeedData })
}

function fakeCiphertext(value: string): string {
  return `AQICAH${createHash('sha256').update(value).digest('base64')}`
}

function emptyCalls(): Record<MemoryOperation, number> {
  return { get: 0, getMany: 0, list: 0, put: 0, delete: 0, label: 0, rotate: 0 }
}
