import { type ConfigClient, createConfig } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { countCalls } from '@paramkit/test-support/moto/clients'
import { afterAll, describe, expect, it } from 'vitest'
import { type Watcher, watchChanges } from '../src/index.js'
import {
  allSee,
  clients,
  createQueue,
  parameterRulesTo,
  publishParameterChange,
  within,
} from './support/aws.js'

const aws = clients()
const HOUR = 3_600_000
const configs: ConfigClient[] = []
const watchers: Watcher[] = []

afterAll(async () => {
  await Promise.all(watchers.map((w) => w.close()))
  await Promise.all(configs.map((c) => c.close()))
})

describe('EventBridge rule -> SQS -> watchChanges (moto)', () => {
  it('brings a changed parameter to all 20 clients within 2 s, without refresh(), on a one-hour TTL', async () => {
    const writer = ssmBackend({ client: aws.ssm })
    await writer.put('/prod/order-api/db/host', 'db-1.internal')
    await writer.put('/prod/order-api/feature/search', 'off')
    const queues = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createQueue(aws.sqs, `instance-${i}`)),
    )
    await parameterRulesTo(
      aws.events,
      queues.map((q) => q.arn),
    )

    const calls = countCalls(aws.ssm)
    for (const queue of queues) {
      const config = createConfig({
        backend: ssmBackend({ client: aws.ssm }),
        env: 'prod',
        service: 'order-api',
        cache: { ttl: HOUR },
      })
      configs.push(config)
      expect(await config.get('db/host')).toBe('db-1.internal')
      expect(await config.get('feature/search')).toBe('off')
      watchers.push(watchChanges(config, { queueUrl: queue.url, client: aws.sqs }))
    }
    const before = { ...calls.calls }

    await writer.put('/prod/order-api/db/host', 'db-2.internal', { overwrite: true })
    expect(await allSee(configs, 'db/host', 'db-1.internal')).toBe(true) // cached for an hour: no poll would see it
    await publishParameterChange(aws.events, '/prod/order-api/db/host', 'Update')
    const elapsed = await within(2000, () => allSee(configs, 'db/host', 'db-2.internal'))
    console.log(`20 clients saw the change ${elapsed} ms after PutEvents`)

    // One read per client of the one changed name (and the writer's PutParameter); the untouched key is not read.
    const made = Object.fromEntries(Object.entries(calls.calls).map(([k, n]) => [k, n - (before[k] ?? 0)]))
    expect(made).toEqual({ PutParameterCommand: 1, GetParameterCommand: 20 })
    expect(await allSee(configs, 'feature/search', 'off')).toBe(true)
    expect(watchers.reduce((n, w) => n + w.stats().applied, 0)).toBe(20)
  })
})
