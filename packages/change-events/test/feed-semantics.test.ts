import { createConfig, isParamkitError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'
import { watchChanges } from '../src/index.js'
import { parameterChange, parameterPolicyAction, secretApiCall, snsNotification } from './fixtures/events.js'
import { clients, queuePerTest, sendBody, within } from './support/aws.js'

const aws = clients()
const HOUR = 3_600_000
const q = queuePerTest(aws.sqs, 'semantics')

async function setup() {
  const backend = memoryBackend()
  await backend.put('/prod/api/db/host', 'db-1')
  await backend.put('/prod/api/db/port', '5432')
  const config = createConfig({
    backend,
    env: 'prod',
    service: 'api',
    cache: { ttl: HOUR, negativeTtl: HOUR },
  })
  q.watcher = watchChanges(config, { queueUrl: q.url, client: aws.sqs, jitter: 50 })
  const handled = (count: number) => within(10_000, async () => q.watcher!.stats().deleted >= count)
  return { backend, config, handled }
}

describe('watchChanges applies each kind of change to the keys it touches (SQS on moto, memory backend)', () => {
  it('an update refreshes the name (and only it), also when wrapped by SNS', async () => {
    const { backend, config, handled } = await setup()
    expect(await config.getMany(['db/host', 'db/port'])).toEqual({ 'db/host': 'db-1', 'db/port': '5432' })
    await backend.put('/prod/api/db/host', 'db-2', { overwrite: true })
    await backend.put('/prod/api/db/port', '6543', { overwrite: true })
    const before = backend.stats().calls.get
    await sendBody(aws.sqs, q.url, snsNotification(parameterChange('/prod/api/db/host', 'Update', 'e1')))
    await handled(1)
    expect(await config.get('db/host')).toBe('db-2')
    expect(await config.get('db/port')).toBe('5432') // no event for it: the hour-long TTL still holds
    expect(backend.stats().calls.get - before).toBe(1)
  })

  it('a deletion becomes NotFound at once, with no backend call', async () => {
    const { backend, config, handled } = await setup()
    expect(await config.get('db/host')).toBe('db-1')
    await backend.delete('/prod/api/db/host')
    const calls = backend.stats().calls
    const before = calls.get + calls.getMany
    await sendBody(aws.sqs, q.url, parameterChange('/prod/api/db/host', 'Delete', 'd1'))
    await handled(1)
    const error = await config.get('db/host').catch((e: unknown) => e)
    expect(isParamkitError(error) && error.code).toBe('NOT_FOUND')
    const after = backend.stats().calls
    expect(after.get + after.getMany - before).toBe(0)
  })

  it('a label move refreshes the label selectors of the name, not its plain value or version selectors', async () => {
    const { backend, config, handled } = await setup()
    await backend.put('/prod/api/db/host', 'db-2', { overwrite: true })
    await backend.label('/prod/api/db/host', 1, ['live'])
    expect(await config.get('/prod/api/db/host:live')).toBe('db-1')
    expect(await config.get('/prod/api/db/host:1')).toBe('db-1')
    await backend.label('/prod/api/db/host', 2, ['live'])
    const before = backend.stats().calls.get
    await sendBody(aws.sqs, q.url, parameterChange('/prod/api/db/host', 'LabelParameterVersion', 'l1'))
    await handled(1)
    expect(await config.get('/prod/api/db/host:live')).toBe('db-2')
    expect(backend.stats().calls.get - before).toBe(1)
  })

  it('a creation under a listed path reloads the listing, so getTree shows the new name', async () => {
    const { backend, config, handled } = await setup()
    expect(await config.getTree('db')).toEqual({ host: 'db-1', port: '5432' })
    await backend.put('/prod/api/db/user', 'app')
    await sendBody(aws.sqs, q.url, parameterChange('/prod/api/db/user', 'Create', 'c1'))
    await handled(1)
    expect(await config.getTree('db')).toEqual({ host: 'db-1', port: '5432', user: 'app' })
  })

  it('an Expiration policy action removes the parameter; a Secrets Manager PutSecretValue refreshes the secret', async () => {
    const { backend, config, handled } = await setup()
    await backend.put('/prod/api/token', 't-1', { type: 'Secret' })
    expect(await config.get('/prod/api/db/port')).toBe('5432')
    expect((await config.getSecret('/prod/api/token')).reveal()).toBe('t-1')
    await backend.rotate('/prod/api/token', 't-2')
    await sendBody(aws.sqs, q.url, {
      ...parameterPolicyAction,
      id: 'p1',
      detail: { ...parameterPolicyAction.detail, 'parameter-name': '/prod/api/db/port' },
    })
    await sendBody(aws.sqs, q.url, secretApiCall('PutSecretValue', '/prod/api/token'))
    await handled(2)
    expect(await config.getOptional('/prod/api/db/port')).toBeUndefined()
    expect((await config.getSecret('/prod/api/token')).reveal()).toBe('t-2')
  })

  it('events about names the client does not hold are handled without any backend call', async () => {
    const { backend, config, handled } = await setup()
    expect(await config.get('db/host')).toBe('db-1')
    const before = JSON.stringify(backend.stats().calls)
    await sendBody(aws.sqs, q.url, parameterChange('/prod/other/thing', 'Update', 'o1'))
    await handled(1)
    expect(JSON.stringify(backend.stats().calls)).toBe(before)
    expect(q.watcher!.stats()).toMatchObject({ ignored: 1, applied: 0 })
  })
})
