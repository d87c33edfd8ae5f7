import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  PutParameterCommand,
  SSMClient,
  type SSMClientConfig,
} from '@aws-sdk/client-ssm'
import {
  type ClientOptions,
  checkParameterName,
  checkValueSize,
  lazyClient,
  policiesJSON,
  type RegionalOptions,
  regionalBackend,
  SSM_LIMITS,
  validateName,
  validatePath,
  validatePolicies,
} from '@paramkit/aws'
import { ValidationError } from '@paramkit/core'
import {
  type Backend,
  type BackendCapabilities,
  chunk,
  type Entry,
  type GetManyResult,
  type ListPage,
  mapConcurrent,
} from '@paramkit/core/backend'
import { namedAsAsked, toEntry, withRequestedSelectors } from './entries.js'
import { call } from './errors.js'
import { withExpiry } from './expiry.js'

export interface SsmBackendOptions
  extends ClientOptions<SSMClient, SSMClientConfig>,
    RegionalOptions<SSMClient> {
  /** Decrypt SecureString values unless a read says otherwise. Default true. */
  withDecryption?: boolean
  /** GetParameters batches in flight at once. Default 4. */
  concurrency?: number
  /**
   * Read Expiration policies (one DescribeParameters per 50 names read) so entries carry `expiresAt`
   * and the cache never serves a parameter past it. Default false: change events cover expiry too.
   */
  readExpiry?: boolean
}

const capabilities: BackendCapabilities = {
  write: true,
  types: ['String', 'StringList', 'SecureString'],
  versionSelectors: true,
  labelSelectors: true,
  stages: false,
  nonRecursiveList: true,
  maxValueBytes: SSM_LIMITS.advancedBytes,
  batchSize: SSM_LIMITS.batch,
}

const SECRETS_REFERENCE = '/aws/reference/secretsmanager/'

export type SsmBackend = Backend & Required<Pick<Backend, 'put' | 'delete' | 'label'>>

/**
 * A paramkit backend over AWS SSM Parameter Store. The SDK client is made on first use, or passed in.
 * With `regions` (or `clients`), one client per region behind `failoverBackends`: reads fail over, writes
 * go to the first region.
 */
export function ssmBackend(options: SsmBackendOptions = {}): SsmBackend {
  return regionalBackend('ssm', options, regionSsmBackend)
}

function regionSsmBackend(options: SsmBackendOptions): SsmBackend {
  // Core's call policy retries reads (with a budget): the client made here makes one attempt.
  const ssm = lazyClient((config: SSMClientConfig) => new SSMClient(config), options, 'single')
  const client = ssm.get
  const decrypt = (read?: { withDecryption?: boolean }) =>
    read?.withDecryption ?? options.withDecryption ?? true

  async function getOne(name: string, withDecryption: boolean, signal?: AbortSignal): Promise<Entry> {
    const reference = name.startsWith(SECRETS_REFERENCE)
    const result = await call(
      'get',
      name,
      () =>
        client().send(new GetParameterCommand({ Name: name, WithDecryption: reference || withDecryption }), {
          abortSignal: signal,
        }),
      { decrypting: reference || withDecryption },
    )
    return (
      await expiry(withRequestedSelectors([name], namedAsAsked([name], [result.Parameter ?? {}])), signal)
    )[0]!
  }

  const expiry = (entries: Entry[], signal: AbortSignal | undefined) =>
    options.readExpiry
      ? withExpiry(client(), entries, (send) => call('get', entries[0]?.name, send), signal)
      : entries

  return {
    name: 'ssm',
    capabilities,
    checkName: checkParameterName,

    async get(name, read) {
      validateName(name)
      return getOne(name, decrypt(read), read?.signal)
    },

    async getMany(names, read): Promise<GetManyResult> {
      const result: GetManyResult = { entries: [], missing: [], invalid: [] }
      const valid: string[] = []
      for (const name of names) {
        try {
          validateName(name)
          valid.push(name)
        } catch {
          result.invalid.push(name)
        }
      }
      const withDecryption = decrypt(read)
      const references = valid.filter((n) => n.startsWith(SECRETS_REFERENCE))
      const batches = chunk(
        valid.filter((n) => !n.startsWith(SECRETS_REFERENCE)),
        SSM_LIMITS.batch,
      )
      const answers = await mapConcurrent(batches, options.concurrency ?? 4, (batch) =>
        call(
          'getMany',
          batch[0],
          () =>
            client().send(new GetParametersCommand({ Names: batch, WithDecryption: withDecryption }), {
              abortSignal: read?.signal,
            }),
          { decrypting: withDecryption },
        ),
      )
      for (const [i, answer] of answers.entries()) {
        // Names the answer calls invalid were not found: they cannot be what an unechoed selector answered.
        const asked = batches[i]!.filter((name) => !answer.InvalidParameters?.includes(name))
        result.entries.push(
          ...(await expiry(
            withRequestedSelectors(asked, namedAsAsked(asked, answer.Parameters ?? [])),
            read?.signal,
          )),
        )
        result.missing.push(...(answer.InvalidParameters ?? []))
      }
      // GetParameters does not resolve Secrets Manager references: those go one by one.
      for (const name of references) {
        try {
          result.entries.push(await getOne(name, true, read?.signal))
        } catch (error) {
          if ((error as { code?: string }).code !== 'NOT_FOUND') throw error
          result.missing.push(name)
        }
      }
      return result
    },

    async *list(path, listOptions = {}): AsyncIterable<ListPage> {
      const Path = validatePath(path)
      const withDecryption = decrypt(listOptions)
      const MaxResults = Math.min(Math.max(1, listOptions.pageSize ?? SSM_LIMITS.page), SSM_LIMITS.page)
      let NextToken: string | undefined
      do {
        const token = NextToken
        const page = await call(
          'list',
          Path,
          () =>
            client().send(
              new GetParametersByPathCommand({
                Path,
                Recursive: listOptions.recursive ?? true,
                WithDecryption: withDecryption,
                MaxResults,
                ...(token ? { NextToken: token } : {}),
              }),
              { abortSignal: listOptions.signal },
            ),
          { decrypting: withDecryption },
        )
        NextToken = page.NextToken || undefined
        const entries = await expiry((page.Parameters ?? []).map(toEntry), listOptions.signal)
        // Parameter Store can answer an empty page that still has a token: follow it, show nothing.
        if (entries.length > 0 || NextToken === undefined) {
          yield NextToken === undefined ? { entries } : { entries, nextToken: NextToken }
        }
      } while (NextToken !== undefined)
    },

    async put(name, value, put = {}) {
      validateName(name, { mode: 'write' })
      if (typeof value !== 'string') {
        throw new ValidationError(
          `Parameter "${name}": Parameter Store values are strings (rule: binary-parameter)`,
          {
            key: name,
            backend: 'ssm',
            operation: 'put',
            rule: 'binary-parameter',
          },
        )
      }
      const type = put.type ?? 'String'
      if (type !== 'String' && type !== 'StringList' && type !== 'SecureString') {
        throw new ValidationError(
          `Parameter "${name}": Parameter Store cannot store type ${type} (rule: parameter-type)`,
          {
            key: name,
            backend: 'ssm',
            operation: 'put',
            rule: 'parameter-type',
          },
        )
      }
      const policies =
        put.policies === undefined
          ? undefined
          : validatePolicies(name, put.policies, { backend: 'ssm', tier: put.tier, now: Date.now() })
      const tier = checkValueSize(
        name,
        value,
        'ssm',
        policies?.length ? 'Advanced' : (put.tier ?? 'Intelligent-Tiering'),
      )
      const tags = Object.entries(put.tags ?? {}).map(([Key, Value]) => ({ Key, Value }))
      const overwrite = put.overwrite ?? false
      const result = await call('put', name, () =>
        client().send(
          new PutParameterCommand({
            Name: name,
            Value: value,
            Type: type,
            Overwrite: overwrite,
            Tier: tier,
            ...(put.description ? { Description: put.description } : {}),
            ...(policies ? { Policies: policiesJSON(policies) } : {}),
            ...(type === 'SecureString' && put.keyId ? { KeyId: put.keyId } : {}),
            // PutParameter refuses Tags with Overwrite; those are added below.
            ...(!overwrite && tags.length ? { Tags: tags } : {}),
          }),
        ),
      )
      if (overwrite && tags.length) {
        await call('put', name, () =>
          client().send(
            new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: tags }),
          ),
        )
      }
      return { version: String(result.Version ?? '') }
    },

    async delete(name) {
      validateName(name, { mode: 'write', allowSelector: false })
      await call('delete', name, () => client().send(new DeleteParameterCommand({ Name: name })))
    },

    async label(name, version, labels) {
      validateName(name, { mode: 'write' })
      const result = await call('put', name, () =>
        client().send(
          new LabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: [...labels] }),
        ),
      )
      if (result.InvalidLabels?.length) {
        throw new ValidationError(
          `Parameter "${name}": labels refused: ${result.InvalidLabels.join(', ')} (rule: label)`,
          {
            key: name,
            backend: 'ssm',
            operation: 'put',
            rule: 'label',
          },
        )
      }
    },

    async close() {
      ssm.close()
    },
  }
}
