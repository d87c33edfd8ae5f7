// In-process SSM and Secrets Manager for the benchmarks: real SDK v3 clients whose HTTP transport
// answers from a paramkit memory backend, plus SDK middleware that adds a fixed latency per call and
// counts calls. Both paramkit and Powertools drive the same client, so they pay the same costs.
import { Readable } from 'node:stream'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { HttpResponse } from '@smithy/protocol-http'

const seconds = (date) => (date ? date.getTime() / 1000 : undefined)

export function reply(status, body, type) {
  const headers = { 'content-type': 'application/x-amz-json-1.1' }
  if (type) headers['x-amzn-errortype'] = type
  return {
    response: new HttpResponse({ statusCode: status, headers, body: Readable.from([JSON.stringify(body)]) }),
  }
}

const parameter = (e) => ({
  Name: e.name,
  Type: e.type,
  Value: e.value,
  Version: Number(e.version),
  LastModifiedDate: seconds(e.lastModified),
  ...(e.selector ? { Selector: e.selector } : {}),
})

async function allUnder(store, path, recursive) {
  const entries = []
  for await (const page of store.list(path, { recursive })) entries.push(...page.entries)
  return entries
}

const ssmOperations = {
  async GetParameter(store, input) {
    try {
      return reply(200, { Parameter: parameter(await store.get(input.Name)) })
    } catch {
      return reply(400, { __type: 'ParameterNotFound', message: 'not found' }, 'ParameterNotFound')
    }
  },
  async GetParameters(store, input) {
    const result = await store.getMany(input.Names)
    return reply(200, {
      Parameters: result.entries.map(parameter),
      InvalidParameters: [...result.missing, ...result.invalid],
    })
  },
  async GetParametersByPath(store, input) {
    const all = await allUnder(store, input.Path, input.Recursive ?? false)
    const start = Number(input.NextToken ?? 0)
    const size = input.MaxResults ?? 10
    const page = all.slice(start, start + size)
    return reply(200, {
      Parameters: page.map(parameter),
      ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
    })
  },
}

const secretValue = (e) => ({
  Name: e.name,
  ARN: `arn:aws:secretsmanager:us-east-1:1:secret:${e.name}`,
  VersionId: e.version,
  SecretString: e.value,
  VersionStages: e.stages,
  CreatedDate: seconds(e.lastModified),
})

const secretsOperations = {
  async GetSecretValue(store, input) {
    try {
      return reply(200, secretValue(await store.get(input.SecretId)))
    } catch {
      return reply(
        400,
        { __type: 'ResourceNotFoundException', message: 'not found' },
        'ResourceNotFoundException',
      )
    }
  },
  async BatchGetSecretValue(store, input) {
    const result = await store.getMany(input.SecretIdList)
    return reply(200, {
      SecretValues: result.entries.map(secretValue),
      Errors: result.missing.map((id) => ({
        SecretId: id,
        ErrorCode: 'ResourceNotFoundException',
        Message: 'not found',
      })),
    })
  },
  async ListSecrets(store, input) {
    const prefix = input.Filters?.[0]?.Values?.[0] ?? '/'
    const base = prefix.endsWith('/') && prefix.length > 1 ? prefix.slice(0, -1) : prefix
    const all = (await allUnder(store, base, true)).filter((e) => e.name.startsWith(prefix))
    return reply(200, { SecretList: all.map((e) => ({ Name: e.name })) })
  },
  async DescribeSecret(_store, input) {
    return reply(200, { Name: input.SecretId })
  },
}

export function transport(store, operations) {
  return {
    async handle(request) {
      const operation = request.headers['x-amz-target'].split('.').pop()
      const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body)
      return operations[operation](store, JSON.parse(body || '{}'))
    },
  }
}

/** Adds `latencyMs` to every call and counts calls by command, as SDK middleware. */
export function instrument(client, latencyMs) {
  const calls = {}
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls[context.commandName] = (calls[context.commandName] ?? 0) + 1
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs))
      return next(args)
    },
    { step: 'initialize', name: 'benchLatencyAndCount' },
  )
  return {
    calls,
    total: () => Object.values(calls).reduce((a, b) => a + b, 0),
    reset: () => {
      for (const k of Object.keys(calls)) delete calls[k]
    },
  }
}

export const clientConfig = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  maxAttempts: 1,
}

export function fakeSsm(store, latencyMs = 0) {
  const client = new SSMClient({ ...clientConfig, requestHandler: transport(store, ssmOperations) })
  return { client, ...instrument(client, latencyMs) }
}

export function fakeSecretsManager(store, latencyMs = 0) {
  const client = new SecretsManagerClient({
    ...clientConfig,
    requestHandler: transport(store, secretsOperations),
  })
  return { client, ...instrument(client, latencyMs) }
}

/** A store of fixed entries with no size limits, for measuring the cache alone (64 KiB values). */
export function fixedStore(values, types = {}) {
  const entry = (name) => {
    const type = types[name] ?? 'String'
    return { name, value: values[name], type, version: '1', sensitive: type === 'SecureString' }
  }
  return {
    async get(name) {
      if (!(name in values)) throw new Error('not found')
      return entry(name)
    },
    async getMany(names) {
      return {
        entries: names.filter((n) => n in values).map(entry),
        missing: names.filter((n) => !(n in values)),
        invalid: [],
      }
    },
    async *list(path, { recursive = false } = {}) {
      const base = path.endsWith('/') ? path : `${path}/`
      const names = Object.keys(values).filter(
        (n) => n.startsWith(base) && (recursive || !n.slice(base.length).includes('/')),
      )
      yield { entries: names.map(entry) }
    },
  }
}
