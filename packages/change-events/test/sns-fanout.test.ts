import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns'
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs'
import { type ConfigClient, createConfig, isParamkitError } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { afterAll, describe, expect, it } from 'vitest'
import { createInstanceQueue, type InstanceQueue, type Watcher, watchChanges } from '../src/index.js'
import { parameterChange } from './fixtures/events.js'
import { allSee, clients, createQueue, within } from './support/aws.js'

const aws = clients()
const HOUR = 3_600_000
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.reverse()) await close()
})

async function instance(queueUrl: string): Promise<{ config: ConfigClient; watcher: Watcher }> {
  const config = createConfig({
    backend: ssmBackend({ client: aws.ssm }),
    env: 'prod',
    service: 'api',
    cache: { ttl: HOUR },
  })
  expect(await config.get('flag')).toBe('on')
  const watcher = watchChanges(config, { queueUrl, client: aws.sqs })
  closers.push(
    () => config.close(),
    () => watcher.close(),
  )
  return { config, watcher }
}

describe('EventBridge -> SNS -> one SQS queue per instance (moto)', () => {
  it('createInstanceQueue subscribes a queue per instance; an event published to the topic reaches every instance', async () => {
    const writer = ssmBackend({ client: aws.ssm })
    await writer.put('/prod/api/flag', 'on')
    const { TopicArn } = await aws.sns.send(new CreateTopicCommand({ Name: 'paramkit-changes' }))
    const queues: InstanceQueue[] = []
    for (let i = 0; i < 5; i++)
      queues.push(await createInstanceQueue({ topicArn: TopicArn!, client: aws.sqs, snsClient: aws.sns }))
    // One more queue subscribed with RawMessageDelivery off: its bodies are SNS envelopes.
    const wrapped = await createQueue(aws.sqs, 'wrapped-instance')
    await aws.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: wrapped.arn }))
    const instances = [
      ...(await Promise.all(queues.map((q) => instance(q.queueUrl)))),
      await instance(wrapped.url),
    ]

    await writer.put('/prod/api/flag', 'off', { overwrite: true })
    // What an EventBridge rule with this topic as its target publishes: the event itself as the message.
    await aws.sns.send(
      new PublishCommand({
        TopicArn,
        Message: JSON.stringify(parameterChange('/prod/api/flag', 'Update', 'fan-1')),
      }),
    )
    const configs = instances.map((i) => i.config)
    await within(5000, () => allSee(configs, 'flag', 'off'))
    expect(instances.map((i) => i.watcher.stats().applied)).toEqual([1, 1, 1, 1, 1, 1])

    const subscriptions = async () =>
      (await aws.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions?.length ?? 0
    expect(await subscriptions()).toBe(6)
    await queues[0]!.close()
    expect(await subscriptions()).toBe(5)
    const gone = await aws.sqs
      .send(new GetQueueUrlCommand({ QueueName: queues[0]!.queueUrl.split('/').pop()! }))
      .catch((e: unknown) => e)
    expect((gone as Error).name).toMatch(/QueueDoesNotExist|NonExistentQueue/)
    for (const q of queues.slice(1)) closers.push(() => q.close())
  })

  it('refuses a topicArn that is not an SNS topic ARN before any call', async () => {
    const error = await createInstanceQueue({ topicArn: 'paramkit-changes', client: aws.sqs }).catch(
      (e: unknown) => e,
    )
    expect(isParamkitError(error) && error.code).toBe('VALIDATION')
  })
})
