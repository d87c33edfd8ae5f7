import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge'
import { SNSClient } from '@aws-sdk/client-sns'
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { SSMClient } from '@aws-sdk/client-ssm'
import type { ConfigClient } from '@paramkit/core'
import { motoClientConfig } from '@paramkit/test-support/moto/clients'
import { afterEach, beforeEach } from 'vitest'
import type { Watcher } from '../../src/index.js'

export function clients() {
  const config = motoClientConfig()
  return {
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    ssm: new SSMClient(config),
    events: new EventBridgeClient(config),
  }
}

export async function createQueue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }))
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  )
  return { url: QueueUrl!, arn: Attributes!.QueueArn! }
}

/** Rules of at most five SQS targets each (EventBridge's limit) matching Parameter Store events. */
export async function parameterRulesTo(events: EventBridgeClient, queueArns: string[]): Promise<void> {
  for (let i = 0; i < queueArns.length; i += 5) {
    const Name = `paramkit-changes-${i / 5}`
    await events.send(
      new PutRuleCommand({
        Name,
        EventPattern: JSON.stringify({
          source: ['aws.ssm'],
          'detail-type': ['Parameter Store Change', 'Parameter Store Policy Action'],
        }),
      }),
    )
    await events.send(
      new PutTargetsCommand({
        Rule: Name,
        Targets: queueArns.slice(i, i + 5).map((Arn, j) => ({ Id: `q${i + j}`, Arn })),
      }),
    )
  }
}

/** Publishes a Parameter Store Change the way Systems Manager does (moto lets the test play Systems Manager). */
export async function publishParameterChange(events: EventBridgeClient, name: string, operation: string) {
  const answer = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: 'aws.ssm',
          DetailType: 'Parameter Store Change',
          Resources: [`arn:aws:ssm:us-east-1:123456789012:parameter${name}`],
          Detail: JSON.stringify({ operation, name, type: 'String' }),
        },
      ],
    }),
  )
  if (answer.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(answer.Entries)}`)
}

export async function sendBody(sqs: SQSClient, queueUrl: string, body: unknown): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )
}

/** Messages still in the queue, visible or in flight. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  )
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  )
}

/** Resolves once `check` holds, polling the cache (never the backend's refresh()); rejects after `ms`. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return Date.now() - start
}

export async function allSee(configs: ConfigClient[], key: string, value: string): Promise<boolean> {
  const values = await Promise.all(configs.map((c) => c.getOptional(key)))
  return values.every((v) => v === value)
}

export { ReceiveMessageCommand }

/** A fresh queue for each test, and the test's watcher closed after it. */
export function queuePerTest(sqs: SQSClient, prefix: string) {
  const current = { url: '', watcher: undefined as Watcher | undefined }
  let n = 0
  beforeEach(async () => {
    current.url = (await createQueue(sqs, `${prefix}-${n++}`)).url
    current.watcher = undefined
  })
  afterEach(async () => {
    await current.watcher?.close()
  })
  return current
}
