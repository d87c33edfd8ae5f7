import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager'
import {
  type ClientOptions,
  checkValueSize,
  lazyClient,
  mapSdkError,
  type RegionalOptions,
  regionalBackend,
  SECRETS_LIMITS,
  validatePath,
} from '@paramkit/aws'
import { NotFoundError } from '@paramkit/core'
import {
  type Backend,
  type BackendCapabilities,
  chunk,
  type Entry,
  type GetManyResult,
  isArn,
  type ListPage,
  mapConcurrent,
  type PutOptions,
  type ReadOptions,
} from '@paramkit/core/backend'
import { type SecretValue, toEntry } from './entries.js'
import { call, SECRETS_ERRORS } from './errors.js'
import { validateSecretName } from './names.js'
import { type RotationReader, rotationReader } from './rotation.js'
import { stageRotation } from './stage-rotation.js'

export interface SecretsManagerBackendOptions
  extends ClientOptions<SecretsManagerClient, SecretsManagerClientConfig>,
    RegionalOptions<SecretsManagerClient> {
  /** Staging label read unless a call asks for another. Default `AWSCURRENT`. */
  versionStage?: string
  /**
   * Read `NextRotationDate` so the cache never serves a secret past its rotation. Default true.
   * Each secret's date is read once and trusted until it passes.
   */
  rotationAware?: boolean
  /** Milliseconds before a secret with no rotation schedule is asked for one again. Default 1 hour. */
  rotationRecheck?: number
  /** Milliseconds clock for remembered rotation dates. Default `Date.now`. */
  now?: () => number
  /** BatchGetSecretValue calls in flight at once. Default 4. */
  concurrency?: number
  /** Days a deleted secret can be restored. Default 30; `forceDelete` skips recovery. */
  recoveryWindowDays?: number
  forceDelete?: boolean
}

const capabilities: BackendCapabilities = {
  write: true,
  types: ['Secret', 'Binary'],
  versionSelectors: false,
  labelSelectors: false,
  stages: true,
  nonRecursiveList: true,
  maxValueBytes: SECRETS_LIMITS.valueBytes,
  batchSize: SECRETS_LIMITS.batch,
}

export type SecretsManagerBackend = Backend &
  Required<Pick<Backend, 'put' | 'delete'>> & {
    /** Moves a new value through AWSPENDING to AWSCURRENT, as a rotation does; `finish: false` stops at AWSPENDING. */
    rotate(name: string, value: string | Uint8Array, options?: { finish?: boolean }): Promise<string>
  }

/**
 * A paramkit backend over AWS Secrets Manager: rotation-aware and batched. `name#field` is read by core
 * from the whole secret (one cached slot per version), so this backend only ever sees whole names.
 * With `regions` (or `clients`), one client per region behind `failoverBackends`: reads fail over to a
 * replica (ReplicateSecretToRegions), writes and rotations go to the first region.
 */
export function secretsManagerBackend(options: SecretsManagerBackendOptions = {}): SecretsManagerBackend {
  return regionalBackend('secrets-manager', options, regionSecretsManagerBackend)
}

/** One region's backend: `secretsManagerBackend` builds one per region with `regions` (a replica's ARN differs only there). */
function regionSecretsManagerBackend(options: SecretsManagerBackendOptions): SecretsManagerBackend {
  // Core's call policy retries reads (with a budget): the client made here makes one attempt.
  const sm = lazyClient(
    (config: SecretsManagerClientConfig) => new SecretsManagerClient(config),
    options,
    'single',
  )
  const client = sm.get
  const rotation: RotationReader = rotationReader(client, call, {
    enabled: options.rotationAware ?? true,
    recheck: options.rotationRecheck ?? 60 * 60_000,
    now: options.now ?? Date.now,
  })
  const stage = (read?: ReadOptions) => read?.versionStage ?? options.versionStage ?? 'AWSCURRENT'

  async function getValue(id: string, read?: ReadOptions) {
    const selector = read?.versionId ? { VersionId: read.versionId } : { VersionStage: stage(read) }
    return call('get', id, () =>
      client().send(new GetSecretValueCommand({ SecretId: id, ...selector }), { abortSignal: read?.signal }),
    )
  }

  return {
    name: 'secrets-manager',
    capabilities,
    checkName(name) {
      validateSecretName(name)
    },

    async get(name, read) {
      const { name: id } = validateSecretName(name)
      const [value, rotatesAt] = await Promise.all([getValue(id, read), rotation.one(id, read?.signal)])
      return asRead(toEntry(value, rotatesAt), id)
    },

    async getMany(names, read): Promise<GetManyResult> {
      const result: GetManyResult = { entries: [], missing: [], invalid: [] }
      const requests: { input: string; id: string }[] = []
      for (const input of names) {
        try {
          requests.push({ input, id: validateSecretName(input).name })
        } catch {
          result.invalid.push(input)
        }
      }
      const ids = [...new Set(requests.map((r) => r.id))]
      const [found, rotatesAt] = await Promise.all([loadMany(ids, read), rotation.many(ids, read?.signal)])
      for (const { input, id } of requests) {
        const value = found.get(id)
        if (value) result.entries.push(asRead(toEntry(value, rotatesAt.get(id)), id))
        else result.missing.push(input)
      }
      return result
    },

    async *list(path, listOptions = {}): AsyncIterable<ListPage> {
      const base = validatePath(path)
      const prefix = base === '/' ? '/' : `${base}/`
      const recursive = listOptions.recursive ?? true
      const MaxResults = Math.min(
        Math.max(1, listOptions.pageSize ?? SECRETS_LIMITS.page),
        SECRETS_LIMITS.page,
      )
      let NextToken: string | undefined
      do {
        const token = NextToken
        const page = await call('list', base, () =>
          client().send(
            new ListSecretsCommand({
              Filters: [{ Key: 'name', Values: [prefix] }],
              MaxResults,
              ...(token ? { NextToken: token } : {}),
            }),
            { abortSignal: listOptions.signal },
          ),
        )
        NextToken = page.NextToken || undefined
        const listed = (page.SecretList ?? []).filter(
          (s) => s.Name?.startsWith(prefix) && (recursive || !s.Name.slice(prefix.length).includes('/')),
        )
        const values = await loadMany(
          listed.map((s) => s.Name!),
          listOptions,
        )
        const entries = listed.flatMap((s) => {
          const value = values.get(s.Name!)
          return value ? [toEntry(value, rotation.learn(s.Name!, s.NextRotationDate))] : []
        })
        if (entries.length > 0 || NextToken === undefined)
          yield NextToken === undefined ? { entries } : { entries, nextToken: NextToken }
      } while (NextToken !== undefined)
    },

    async put(name, value, put: PutOptions = {}) {
      const { name: id } = validateSecretName(name)
      checkValueSize(id, value, 'secrets-manager')
      const payload = typeof value === 'string' ? { SecretString: value } : { SecretBinary: value }
      const tags = Object.entries(put.tags ?? {}).map(([Key, Value]) => ({ Key, Value }))
      const create = () =>
        call('put', id, () =>
          client().send(
            new CreateSecretCommand({
              Name: id,
              ...payload,
              ...(put.keyId ? { KmsKeyId: put.keyId } : {}),
              ...(put.description ? { Description: put.description } : {}),
              ...(tags.length ? { Tags: tags } : {}),
            }),
          ),
        )
      if (!put.overwrite) return { version: (await create()).VersionId ?? '' }
      try {
        const answer = await call('put', id, () =>
          client().send(new PutSecretValueCommand({ SecretId: id, ...payload })),
        )
        if (tags.length)
          await call('put', id, () => client().send(new TagResourceCommand({ SecretId: id, Tags: tags })))
        return { version: answer.VersionId ?? '' }
      } catch (error) {
        if (!NotFoundError.is(error) || /scheduled for deletion/.test(error.message)) throw error
        return { version: (await create()).VersionId ?? '' }
      }
    },

    async delete(name) {
      const { name: id } = validateSecretName(name)
      const recovery = options.forceDelete
        ? { ForceDeleteWithoutRecovery: true }
        : { RecoveryWindowInDays: options.recoveryWindowDays ?? 30 }
      await call('delete', id, () => client().send(new DeleteSecretCommand({ SecretId: id, ...recovery })))
    },

    async rotate(name, value, rotateOptions = {}) {
      const { name: id } = validateSecretName(name)
      checkValueSize(id, value, 'secrets-manager')
      return stageRotation(client, call, id, value, rotateOptions.finish ?? true)
    },

    async close() {
      sm.close()
    },
  }

  /** A secret read by its ARN is named by it, as the cache keys it. */
  function asRead(entry: Entry, id: string): Entry {
    if (isArn(id)) entry.name = id
    return entry
  }

  /** Values by secret id: BatchGetSecretValue 20 at a time for AWSCURRENT, GetSecretValue each otherwise. */
  async function loadMany(ids: readonly string[], read?: ReadOptions) {
    const found = new Map<string, SecretValue>()
    if (ids.length === 0) return found
    const concurrency = options.concurrency ?? 4
    if (read?.versionId || stage(read) !== 'AWSCURRENT') {
      await mapConcurrent(ids, concurrency, async (id) => {
        try {
          found.set(id, await getValue(id, read))
        } catch (error) {
          if (!NotFoundError.is(error)) throw error
        }
      })
      return found
    }
    const answers = await mapConcurrent(chunk(ids, SECRETS_LIMITS.batch), concurrency, (batch) =>
      call('getMany', batch[0], () =>
        client().send(new BatchGetSecretValueCommand({ SecretIdList: batch }), { abortSignal: read?.signal }),
      ),
    )
    for (const answer of answers) {
      for (const value of answer.SecretValues ?? []) {
        const id = ids.find((i) => i === value.Name || i === value.ARN)
        if (id) found.set(id, value)
      }
      for (const failure of answer.Errors ?? []) {
        const mapped = mapSdkError(
          SECRETS_ERRORS,
          { name: failure.ErrorCode, message: failure.Message },
          { operation: 'getMany', key: failure.SecretId },
        )
        if (!NotFoundError.is(mapped)) throw mapped
      }
    }
    return found
  }
}
