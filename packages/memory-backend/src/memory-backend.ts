import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { expirationOf, SSM_LIMITS, validateName, validatePath, validatePolicies } from '@paramkit/aws'
import { NotFoundError, ValidationError } from '@paramkit/core'
import {
  type BackendCapabilities,
  type Entry,
  type GetManyResult,
  type ListOptions,
  type ListPage,
  optionNames,
  type ReadOptions,
  rejectUnknownOptions,
} from '@paramkit/core/backend'
import { apiCaller, type HangCounter } from './api-call.js'
import { arnTarget, checkMemoryName } from './arn-names.js'
import { checkFaultMode } from './fault-mode.js'
import { FaultInjector, faultOptionNames, type MemoryOperation, seededRandom } from './faults.js'
import { flattenSeed, type SeedData } from './file-format.js'
import { invalid } from './limits.js'
import { ParameterStore } from './parameter-store.js'
import { SecretStore } from './secret-store.js'
import { applySeed } from './seed.js'
import { toSeedData } from './snapshot.js'
import type { MemoryBackend, MemoryBackendOptions } from './types.js'

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
  const hanging: HangCounter = { hung: 0 }
  // Parameter Store deletes a parameter at its Expiration: the store is swept whenever it is read.
  const apiCall = apiCaller(
    { faults, calls, backend: name, sleep: options.sleep, beforeRead: () => parameters.sweepExpired(now()) },
    hanging,
  )

  function readOne(input: string, read: ReadOptions = {}, operation: MemoryOperation = 'get'): Entry {
    const target = arnTarget(input, (n) => secrets.secrets.has(n))
    if (target) return { ...readOne(target.name, read, operation), name: target.arn }
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
    checkName: checkMemoryName,

    async get(input, read) {
      checkMemoryName(input, { allowSelector: true })
      return apiCall('get', [input], () => readOne(input, read), read?.signal)
    },

    async getMany(names, read): Promise<GetManyResult> {
      const result: GetManyResult = { entries: [], missing: [], invalid: [] }
      for (let i = 0; i < names.length; i += SSM_LIMITS.batch) {
        const batch = names.slice(i, i + SSM_LIMITS.batch)
        const part = await apiCall(
          'getMany',
          batch,
          () => {
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
          },
          read?.signal,
        )
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
        const { entries, more } = await apiCall(
          'list',
          [base],
          () => {
            const names = allNames().filter((n) => matches(n) && (from === undefined || n > from))
            const page = names.slice(0, pageSize).map((n) => readOne(n, listOptions, 'list'))
            return { entries: page, more: names.length > pageSize }
          },
          listOptions.signal,
        )
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
      return apiCall(
        'put',
        [input],
        () => {
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
          if (secrets.secrets.has(input))
            throw invalid(input, 'type-conflict', 'a secret of that name exists')
          const version = parameters.put(input, value, {
            type,
            overwrite: put.overwrite ?? false,
            tags: put.tags,
            tier: policies?.length ? 'Advanced' : (put.tier ?? options.defaultTier ?? 'Intelligent-Tiering'),
            keyId: put.keyId,
            ...(policies ? { policies: { expiresAt: expirationOf(policies)?.getTime() } } : {}),
          })
          return { version: String(version) }
        },
        put.signal,
      )
    },

    async delete(input, call) {
      validateName(input, { mode: 'write' })
      await apiCall(
        'delete',
        [input],
        () => {
          if (secrets.secrets.has(input)) secrets.delete(input)
          else parameters.delete(input)
        },
        call?.signal,
      )
    },

    async label(input, version, labels, call) {
      validateName(input, { mode: 'write' })
      await apiCall('label', [input], () => parameters.label(input, version, labels), call?.signal)
    },

    async rotate(input, value, rotation = {}) {
      return apiCall(
        'rotate',
        [input],
        () => secrets.rotate(input, value, rotation.finish ?? true),
        rotation.signal,
      )
    },

    async setRotation(input, days, call) {
      await apiCall('rotate', [input], () => secrets.setRotation(input, days), call?.signal)
    },

    snapshot: () => toSeedData(parameters, secrets),
    injectFault: (failure) => faults.add(failure),
    setFaultMode(mode) {
      faults.mode = checkFaultMode(mode)
    },
    stats: () => ({
      calls: { ...calls },
      throttled: faults.throttled,
      injected: faults.injected,
      hung: hanging.hung,
    }),
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
