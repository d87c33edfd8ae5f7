import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { SNSClient, type SNSClientConfig, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns'
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs'
import { lazyClient } from '@paramkit/aws'
import { ValidationError } from '@paramkit/core'
import { snsCall, sqsCall } from './errors.js'

export interface InstanceQueueOptions {
  /** The SNS topic the EventBridge rule publishes change events to. */
  topicArn: string
  /** SQS client of your own (region, credentials, endpoint). */
  client?: SQSClient
  clientConfig?: SQSClientConfig
  /** SNS client of your own. */
  snsClient?: SNSClient
  snsClientConfig?: SNSClientConfig
  /** Queue name; default `paramkit-<host>-<random>` (at most 80 characters). */
  queueName?: string
  /** Seconds an undelivered change is kept; default 3600, the TTL backstop's length. */
  retentionSeconds?: number
}

export interface InstanceQueue {
  queueUrl: string
  queueArn: string
  subscriptionArn: string
  /** Unsubscribes the queue from the topic and deletes the queue. */
  close(): Promise<void>
}

/**
 * Creates this instance's own SQS queue, lets the topic (and only it) send to it, and subscribes it
 * with RawMessageDelivery on, so each message body is the EventBridge event itself.
 * (`watchChanges` also reads SNS-wrapped bodies, for queues subscribed with it off.)
 */
export async function createInstanceQueue(options: InstanceQueueOptions): Promise<InstanceQueue> {
  const { topicArn } = options
  if (typeof topicArn !== 'string' || !/^arn:[\w-]+:sns:[^:]+:\d+:[\w-]{1,256}$/.test(topicArn))
    throw new ValidationError('topicArn must be an SNS topic ARN (rule: topic-arn)', {
      key: String(topicArn),
      operation: 'validate',
      rule: 'topic-arn',
    })
  const queueName = options.queueName ?? defaultQueueName()
  const sqs = lazyClient((c: SQSClientConfig) => new SQSClient(c), {
    client: options.client,
    clientConfig: options.clientConfig,
  })
  const sns = lazyClient((c: SNSClientConfig) => new SNSClient(c), {
    client: options.snsClient,
    clientConfig: options.snsClientConfig,
  })
  const onSqs = <T>(resource: string, action: string, send: (client: SQSClient) => Promise<T>) =>
    sqsCall('refresh', resource, () => send(sqs.get()), { action })
  const onSns = <T>(resource: string, action: string, send: (client: SNSClient) => Promise<T>) =>
    snsCall('refresh', resource, () => send(sns.get()), { action })
  const closeClients = () => {
    sqs.close()
    sns.close()
  }
  const removeQueue = (queueUrl: string) =>
    onSqs(queueUrl, 'sqs:DeleteQueue', (c) => c.send(new DeleteQueueCommand({ QueueUrl: queueUrl })))

  let queueUrl: string | undefined
  try {
    const created = await onSqs(queueName, 'sqs:CreateQueue', (c) =>
      c.send(
        new CreateQueueCommand({
          QueueName: queueName,
          Attributes: {
            MessageRetentionPeriod: String(options.retentionSeconds ?? 3600),
            ReceiveMessageWaitTimeSeconds: '20',
          },
        }),
      ),
    )
    const url = created.QueueUrl!
    queueUrl = url
    const attributes = await onSqs(url, 'sqs:GetQueueAttributes', (c) =>
      c.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })),
    )
    const queueArn = attributes.Attributes!.QueueArn!
    await onSqs(url, 'sqs:SetQueueAttributes', (c) =>
      c.send(
        new SetQueueAttributesCommand({
          QueueUrl: url,
          Attributes: { Policy: topicQueuePolicy(queueArn, topicArn) },
        }),
      ),
    )
    const subscribed = await onSns(topicArn, 'sns:Subscribe', (c) =>
      c.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queueArn,
          Attributes: { RawMessageDelivery: 'true' },
          ReturnSubscriptionArn: true,
        }),
      ),
    )
    const subscriptionArn = subscribed.SubscriptionArn!
    let closing: Promise<void> | undefined
    return {
      queueUrl: url,
      queueArn,
      subscriptionArn,
      close() {
        closing ??= (async () => {
          try {
            await onSns(subscriptionArn, 'sns:Unsubscribe', (c) =>
              c.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })),
            )
            await removeQueue(url)
          } finally {
            closeClients()
          }
        })()
        return closing
      },
    }
  } catch (error) {
    if (queueUrl) await removeQueue(queueUrl).catch(() => undefined)
    closeClients()
    throw error
  }
}

/** The queue policy that lets one topic, and nothing else, send to the queue. */
export function topicQueuePolicy(queueArn: string, topicArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ParamkitTopicSends',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  })
}

function defaultQueueName(): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, 40)
  return `paramkit-${host}-${randomBytes(6).toString('hex')}`
}
