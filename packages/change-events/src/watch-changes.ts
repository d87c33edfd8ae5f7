import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs'
import { lazyClient } from '@paramkit/aws'
import { type ParamkitError, ValidationError } from '@paramkit/core'
import { type ChangeFeed, changeFeedOf } from '@paramkit/core/backend'
import { sqsCall } from './errors.js'
import { parseChangeMessage } from './parse-message.js'
import { RecentIds } from './recent-ids.js'
import { sleep } from './sleep.js'

export interface WatchOptions {
  /** The SQS queue an EventBridge rule (or an SNS topic) feeds. */
  queueUrl: string
  /** An SQS client of your own: its region, credentials and endpoint are used as they are. */
  client?: SQSClient
  /** Settings for the client created on first use when `client` is not given. */
  clientConfig?: SQSClientConfig
  /** Most milliseconds to wait, at random, before refreshing, so a fleet does not stampede. Default 1000. */
  jitter?: number
  /** After n failed receives in a row, wait about `baseMs × 2^(n-1)` (half of it jittered), at most `maxMs`. */
  backoff?: { baseMs?: number; maxMs?: number }
  /** Event ids remembered to drop duplicates. Default 10,000. */
  remember?: number
  /** Random source in [0, 1) for jitter and backoff. */
  random?: () => number
}

export const watchDefaults = { jitter: 1000, baseMs: 1000, maxMs: 60_000, remember: 10_000 } as const

/** How each poll reads the queue: SQS's longest long poll and its largest batch. */
export const RECEIVE = { waitTimeSeconds: 20, maxMessages: 10 } as const

export interface WatchStats {
  /** ReceiveMessage calls made. */
  polls: number
  messages: number
  /** Events applied to this client's cache. */
  applied: number
  /** Well-formed change events about names this client does not hold. */
  ignored: number
  /** Cache keys refreshed or marked not found by applied events. */
  refreshed: number
  /** Events whose refresh failed: kept in the queue to come back after its visibility timeout. */
  failed: number
  malformed: number
  /** Events from other sources or of other kinds. */
  foreign: number
  duplicates: number
  deleted: number
  receiveErrors: number
  deleteErrors: number
}

export interface Watcher {
  /** Stops polling: aborts the receive in flight, so it returns within one poll. */
  close(): Promise<void>
  stats(): WatchStats
}

/**
 * Long-polls an SQS queue of Parameter Store and Secrets Manager change events and refreshes
 * only the cached keys each event touches, after a random delay up to `jitter`. Messages are
 * deleted in batches once handled; a failed receive backs off and is reported through the
 * config client's `error` event while cached values go on being served.
 */
export function watchChanges(config: object, options: WatchOptions): Watcher {
  const feed: ChangeFeed =
    changeFeedOf(config) ??
    fail(invalid('config-client', 'watchChanges needs a config client made by createConfig'))
  const { queueUrl } = options
  if (typeof queueUrl !== 'string' || !URL.canParse(queueUrl))
    throw invalid('queue-url', 'queueUrl must be the URL of an SQS queue', String(queueUrl))
  const jitter = options.jitter ?? watchDefaults.jitter
  if (!Number.isFinite(jitter) || jitter < 0)
    throw invalid('jitter', 'jitter must be a number of milliseconds >= 0')
  const random = options.random ?? Math.random
  const sqs = lazyClient((c: SQSClientConfig) => new SQSClient(c), {
    client: options.client,
    clientConfig: options.clientConfig,
    random,
  })
  const abort = new AbortController()
  const seen = new RecentIds(options.remember ?? watchDefaults.remember)
  const inFlight = new Set<string>()
  const stats: WatchStats = {
    polls: 0,
    messages: 0,
    applied: 0,
    ignored: 0,
    refreshed: 0,
    failed: 0,
    malformed: 0,
    foreign: 0,
    duplicates: 0,
    deleted: 0,
    receiveErrors: 0,
    deleteErrors: 0,
  }

  const backoff = (failures: number) => {
    const base = options.backoff?.baseMs ?? watchDefaults.baseMs
    const cap = Math.min(options.backoff?.maxMs ?? watchDefaults.maxMs, base * 2 ** (failures - 1))
    return cap * (0.5 + random() / 2)
  }

  async function handle(message: Message): Promise<boolean> {
    const parsed = parseChangeMessage(message.Body)
    if (parsed.kind !== 'changes') {
      stats[parsed.kind]++
      return true
    }
    const { id, changes } = parsed
    if (seen.has(id) || inFlight.has(id)) {
      stats.duplicates++
      return true
    }
    if (!changes.some((change) => feed.keysFor(change).length > 0)) {
      stats.ignored++
      seen.add(id)
      return true
    }
    inFlight.add(id)
    try {
      if (!(await sleep(random() * jitter, abort.signal))) return false
      const results = await Promise.all(changes.map((change) => feed.apply(change)))
      stats.refreshed += results.reduce((n, r) => n + r.names.length, 0)
      if (results.some((r) => r.failed > 0)) {
        stats.failed++
        return false
      }
      stats.applied++
      seen.add(id)
      return true
    } finally {
      inFlight.delete(id)
    }
  }

  async function deleteHandled(messages: Message[]): Promise<void> {
    const entries = messages.flatMap((m, i) =>
      m.ReceiptHandle ? [{ Id: String(i), ReceiptHandle: m.ReceiptHandle }] : [],
    )
    if (entries.length === 0) return
    try {
      const answer = await sqsCall(
        'refresh',
        queueUrl,
        () => sqs.get().send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries })),
        { action: 'sqs:DeleteMessage' },
      )
      stats.deleted += answer.Successful?.length ?? 0
      stats.deleteErrors += answer.Failed?.length ?? 0
    } catch (error) {
      stats.deleteErrors += entries.length
      feed.reportError(error as ParamkitError)
    }
  }

  async function poll(): Promise<void> {
    let failures = 0
    while (!abort.signal.aborted && !feed.closed) {
      let messages: Message[]
      try {
        stats.polls++
        const answer = await sqsCall(
          'refresh',
          queueUrl,
          () =>
            sqs.get().send(
              new ReceiveMessageCommand({
                QueueUrl: queueUrl,
                WaitTimeSeconds: RECEIVE.waitTimeSeconds,
                MaxNumberOfMessages: RECEIVE.maxMessages,
              }),
              { abortSignal: abort.signal },
            ),
          { action: 'sqs:ReceiveMessage' },
        )
        messages = answer.Messages ?? []
        failures = 0
      } catch (error) {
        if (abort.signal.aborted) break
        stats.receiveErrors++
        feed.reportError(error as ParamkitError)
        await sleep(backoff(++failures), abort.signal)
        continue
      }
      stats.messages += messages.length
      const done = await Promise.all(
        messages.map((m) =>
          handle(m).catch((error: unknown) => {
            stats.failed++
            feed.reportError(error instanceof Error ? error : new Error(String(error)))
            return false
          }),
        ),
      )
      await deleteHandled(messages.filter((_, i) => done[i]))
    }
  }

  const running = poll()
  return {
    async close() {
      abort.abort()
      await running
      sqs.close()
    },
    stats: () => ({ ...stats }),
  }
}

function fail(error: Error): never {
  throw error
}

function invalid(rule: string, message: string, key?: string): ValidationError {
  return new ValidationError(`${message} (rule: ${rule})`, { key, operation: 'validate', rule })
}
