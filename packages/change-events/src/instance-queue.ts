import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import {
  type SNSClient,
  type SNSClientConfig,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns'
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  type SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs'
import { ValidationError } from '@paramkit/core'
import { lazySns, lazySqs } from './clients.js'
import { mapQueueError } from './errors.js'

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
  const sqs = lazySqs(options.client, options.clientConfig)
  const sns = lazySns(options.snsClient, options.snsClientConfig)
  const attempt = async <T>(resource: string, action: string, send: () => Promise<T>) => {
    try {
      return await send()
    } catch (error) {
      throw mapQueueError(error, resource, action)
    }
  }

  const created = await attempt(queueName, 'sqs:CreateQueue', () =>
    sqs().send(
      new CreateQueueCommand({
        QueueName: queueName,
        Attributes: {
          MessageRetentionPeriod: String(options.retentionSeconds ?? 3600),
          ReceiveMessageWaitTimeSeconds: '20',
        },
      }),
    ),
  )
  const queueUrl = created.QueueUrl!
  const removeQueue = () =>
    attempt(queueUrl, 'sqs:DeleteQueue', () => sqs().send(new DeleteQueueCommand({ QueueUrl: queueUrl })))
  try {
    const attributes = await attempt(queueUrl, 'sqs:GetQueueAttributes', () =>
      sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })),
    )
    const queueArn = attributes.Attributes!.QueueArn!
    await attempt(queueUrl, 'sqs:SetQueueAttributes', () =>
      sqs().send(
        new SetQueueAttributesCommand({
          QueueUrl: queueUrl,
          Attributes: { Policy: topicQueuePolicy(queueArn, topicArn) },
        }),
      ),
    )
    const subscribed = await attempt(topicArn, 'sns:Subscribe', () =>
      sns().send(
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
      queueUrl,
      queueArn,
      subscriptionArn,
      close() {
        closing ??= (async () => {
          await attempt(subscriptionArn, 'sns:Unsubscribe', () =>
            sns().send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })),
          )
          await removeQueue()
        })()
        return closing
      },
    }
  } catch (error) {
    await removeQueue().catch(() => undefined)
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
