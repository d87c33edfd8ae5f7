import { DeleteQueueCommand } from '@aws-sdk/client-sqs'
import { type ConfigEvents, createConfig, isParamkitError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'
import { watchChanges } from '../src/index.js'
import { parameterChange, parameterStoreChange, secretApiCall, snsNotification } from './fixtures/events.js'
import { clients, queueDepth, queuePerTest, sendBody, within } from './support/aws.js'

const aws = clients()
const HOUR = 3_600_000
const q = queuePerTest(aws.sqs, 'robust')

async function setup(faults?: Parameters<typeof memoryBackend>[0]) {
  const backend = memoryBackend(faults)
  await backend.put('/prod/api/db/host', 'db-1')
  const config = createConfig({ backend, env: 'prod', service: 'api', cache: { ttl: HOUR } })
  expect(await config.get('db/host')).toBe('db-1')
  await backend.put('/prod/api/db/host', 'db-2', { overwrite: true })
  const errors: ConfigEvents['error'][] = []
  config.on('error', (e) => errors.push(e))
  return { backend, config, errors }
}

describe('watchChanges on bad input and failures (SQS on moto)', () => {
  it('malformed, foreign and duplicate events change nothing and are counted, deleted and survived', async () => {
    const { backend, config } = await setup()
    q.watcher = watchChanges(config, { queueUrl: q.url, client: aws.sqs, jitter: 0 })
    const calls = () => JSON.stringify(backend.stats().calls)
    const before = calls()
    const bad = [
      'not json at all',
      '{"Type":"Notification","TopicArn":"arn:aws:sns:us-east-1:1:t","Message":"{broken"}',
      JSON.stringify({ ...parameterStoreChange, detail: { operation: 'Update' } }),
      JSON.stringify({ ...parameterStoreChange, source: 'aws.ec2', detail: { name: '/prod/api/db/host' } }),
      JSON.stringify(snsNotification(secretApiCall('GetSecretValue', '/prod/api/db/host'))),
    ]
    for (const body of bad) await sendBody(aws.sqs, q.url, body)
    await within(10_000, async () => q.watcher!.stats().deleted >= bad.length)
    expect(q.watcher!.stats()).toMatchObject({ malformed: 3, foreign: 2, applied: 0, refreshed: 0 })
    expect(calls()).toBe(before)
    expect(await config.get('db/host')).toBe('db-1')

    // The same event twice (EventBridge and SQS deliver at least once): applied once.
    const event = parameterChange('/prod/api/db/host', 'Update', 'same-id')
    await sendBody(aws.sqs, q.url, event)
    await within(10_000, async () => q.watcher!.stats().applied === 1)
    expect(await config.get('db/host')).toBe('db-2')
    await backend.put('/prod/api/db/host', 'db-3', { overwrite: true })
    await sendBody(aws.sqs, q.url, snsNotification(event))
    await within(10_000, async () => q.watcher!.stats().duplicates === 1)
    expect(await config.get('db/host')).toBe('db-2')
    await within(10_000, async () => (await queueDepth(aws.sqs, q.url)) === 0)
  })

  it('a refresh that fails keeps the last value and leaves the message in the queue to come back', async () => {
    const backend = memoryBackend({
      faults: { failures: [{ operation: 'get', name: '/prod/api/db/host', error: 'throttled' }] },
    })
    await backend.put('/prod/api/db/host', 'db-1')
    const config = createConfig({ backend, env: 'prod', service: 'api', cache: { ttl: HOUR } })
    expect(await config.getTree('db')).toEqual({ host: 'db-1' }) // a listing: the only get is the refresh below
    await backend.put('/prod/api/db/host', 'db-2', { overwrite: true })
    const errors: ConfigEvents['error'][] = []
    config.on('error', (e) => errors.push(e))
    q.watcher = watchChanges(config, { queueUrl: q.url, client: aws.sqs, jitter: 0 })
    await sendBody(aws.sqs, q.url, parameterChange('/prod/api/db/host', 'Update', 'f1'))
    await within(10_000, async () => q.watcher!.stats().failed >= 1)
    expect(await config.get('db/host')).toBe('db-1')
    expect(q.watcher!.stats().deleted).toBe(0)
    expect(await queueDepth(aws.sqs, q.url)).toBe(1)
    expect(errors.some((e) => isParamkitError(e.error) && e.error.code === 'THROTTLED')).toBe(true)
  })

  it('with the queue deleted, clients keep their values and get a typed error, and polling backs off', async () => {
    const { config, errors } = await setup()
    // Deleted before the first poll: moto holds a long poll already in flight on a deleted queue for
    // its full 20 s, which would make this test's timing depend on which request went first.
    await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: q.url }))
    q.watcher = watchChanges(config, {
      queueUrl: q.url,
      client: aws.sqs,
      jitter: 0,
      backoff: { baseMs: 50, maxMs: 200 },
    })
    await within(10_000, async () => q.watcher!.stats().receiveErrors >= 3)
    const error = errors[0]!.error
    expect(isParamkitError(error) && error.code).toBe('BACKEND_UNAVAILABLE')
    expect(error.message).toContain(q.url)
    expect(await config.get('db/host')).toBe('db-1')
    const { polls, receiveErrors } = q.watcher!.stats()
    // Every poll failed (at most the one in flight now has not answered yet), and the watcher kept going.
    expect(polls - receiveErrors).toBeLessThanOrEqual(1)
  })

  it('close() aborts the long poll in flight and stops polling', async () => {
    const { config } = await setup()
    q.watcher = watchChanges(config, { queueUrl: q.url, client: aws.sqs })
    await within(10_000, async () => q.watcher!.stats().polls === 1)
    await q.watcher!.close()
    const { polls, receiveErrors } = q.watcher!.stats()
    expect({ polls, receiveErrors }).toEqual({ polls: 1, receiveErrors: 0 })
    // A change sent after close is left for the next instance, not consumed.
    await sendBody(aws.sqs, q.url, parameterChange('/prod/api/db/host', 'Update', 'after-close'))
    expect(await queueDepth(aws.sqs, q.url)).toBe(1)
    expect(await config.get('db/host')).toBe('db-1')
  }, 10_000)

  it('refuses a config it cannot watch, a bad queue URL and a bad jitter before any call', () => {
    const { config } = { config: createConfig({ backend: memoryBackend() }) }
    const rule = (fn: () => unknown) => {
      try {
        fn()
      } catch (error) {
        return isParamkitError(error) ? `${error.code}:${(error as { rule?: string }).rule}` : 'other'
      }
      return 'none'
    }
    expect(rule(() => watchChanges({}, { queueUrl: q.url }))).toBe('VALIDATION:config-client')
    expect(rule(() => watchChanges(config, { queueUrl: 'not a url' }))).toBe('VALIDATION:queue-url')
    expect(rule(() => watchChanges(config, { queueUrl: q.url, jitter: -1 }))).toBe('VALIDATION:jitter')
  })
})
