import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { watchChanges } from '../src/index.js'
import { parameterChange } from './fixtures/events.js'

const KEYS = ['/prod/api/a', '/prod/api/b', '/prod/api/c']

/**
 * An in-process queue with SQS's two calls, for interleavings moto cannot schedule: a receive hands out
 * up to 10 messages (invisible until deleted or `redeliver()`), a batch delete removes them.
 */
function fakeQueue(bodies: string[]) {
  const waiting: Message[] = bodies.map((Body, i) => ({ Body, MessageId: `m${i}`, ReceiptHandle: `r${i}` }))
  const inFlight = new Map<string, Message>()
  const deletions: string[] = []
  const client = {
    async send(command: unknown, options?: { abortSignal?: AbortSignal }) {
      if (command instanceof ReceiveMessageCommand) {
        const batch = waiting.splice(0, 10)
        for (const m of batch) inFlight.set(m.ReceiptHandle!, m)
        if (batch.length > 0) return { Messages: batch }
        // An empty long poll: waits until close() aborts it.
        return new Promise((_, reject) =>
          options?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted'))),
        )
      }
      if (command instanceof DeleteMessageBatchCommand) {
        const entries = command.input.Entries ?? []
        for (const e of entries) {
          deletions.push(inFlight.get(e.ReceiptHandle!)!.MessageId!)
          inFlight.delete(e.ReceiptHandle!)
        }
        return { Successful: entries.map((e) => ({ Id: e.Id })) }
      }
      throw new Error('unexpected command')
    },
  }
  return { client: client as unknown as SQSClient, deletions, inFlight, idle: () => waiting.length === 0 }
}

const eventArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      key: fc.constantFrom(...KEYS),
      id: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6'),
    }),
  },
  { weight: 1, arbitrary: fc.constant('malformed' as const) },
)

describe('watchChanges under interleavings (fc.scheduler, a backend answering late, with failures)', () => {
  it('handles every message once: deleted after its refresh settles, duplicates never reapplied, counters add up', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 25 }),
        fc.scheduler(),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('throttled' as const, 'unavailable' as const),
        async (events, s, failures, error) => {
          const backend = memoryBackend({
            faults: {
              latency: { fixed: 1, jitter: 20 },
              failures: [
                { operation: 'get', error, times: failures },
                { operation: 'getMany', error, times: failures },
              ],
            },
            sleep: (ms) => s.schedule(Promise.resolve(), `backend answers after ${ms} ms`),
          })
          /** Runs the scheduled backend answers, in the scheduler's order, until `promise` settles. */
          const drive = async <T>(promise: Promise<T>): Promise<T> => {
            let done = false
            const watched = promise.finally(() => {
              done = true
            })
            while (!done) {
              if (s.count() > 0) await s.waitOne()
              else await new Promise((r) => setImmediate(r))
            }
            return watched
          }
          for (const key of KEYS) await drive(backend.put(key, 'v0'))
          // No retries in the loader and no circuit: each scripted failure reaches the watcher.
          const config = createConfig({
            backend,
            retry: { budgetFloor: 0, budgetRatio: 0 },
            circuit: { failures: 1_000 },
            // After a scripted throttle, a call paced past this fails at once instead of waiting in real time.
            timeouts: { readMs: 200 },
            cache: { ttl: 3_600_000, maxStale: 3_600_000 },
          })
          // A listing: the scripted get failures are left for the refreshes.
          expect(await drive(config.getTree('/prod/api'))).toEqual({ a: 'v0', b: 'v0', c: 'v0' })
          for (const key of KEYS) await drive(backend.put(key, 'v1', { overwrite: true }))
          const bodies = events.map((e) =>
            e === 'malformed'
              ? '{"broken":'
              : JSON.stringify(parameterChange(e.key, 'Update', `${e.id}-${e.key}`)),
          )
          const queue = fakeQueue(bodies)
          const watcher = watchChanges(config, {
            queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q',
            client: queue.client,
            jitter: 0,
          })
          const settled = () => {
            const stats = watcher.stats()
            return stats.messages === bodies.length && queue.deletions.length + stats.failed === bodies.length
          }
          for (let turns = 0; !settled() && turns < 10_000; turns++) {
            if (s.count() > 0) await s.waitOne()
            else await new Promise((r) => setImmediate(r))
          }
          await watcher.close()
          const stats = watcher.stats()
          expect(settled()).toBe(true)
          const handled =
            stats.applied + stats.ignored + stats.malformed + stats.foreign + stats.duplicates + stats.failed
          expect(handled).toBe(bodies.length)
          expect(new Set(queue.deletions).size).toBe(queue.deletions.length) // nothing deleted twice
          expect(queue.inFlight.size).toBe(stats.failed) // failed ones wait for their visibility timeout
          expect(stats.malformed).toBe(events.filter((e) => e === 'malformed').length)
          const ids = events.flatMap((e) => (e === 'malformed' ? [] : [`${e.id}-${e.key}`]))
          expect(stats.applied).toBeLessThanOrEqual(new Set(ids).size) // a duplicate is never applied again
          // A failed refresh keeps the last good value; a successful one reads what the backend holds now.
          for (const key of KEYS) expect(['v0', 'v1']).toContain(await drive(config.get(key)))
          if (stats.failed === 0)
            for (const key of new Set(events.flatMap((e) => (e === 'malformed' ? [] : [e.key]))))
              expect(await drive(config.get(key))).toBe('v1')
          await config.close()
        },
      ),
      { numRuns: 40 },
    )
  })
})
