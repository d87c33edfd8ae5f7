import { BackendUnavailableError, NotFoundError, ThrottledError } from '@paramkit/core'
import type { Backend } from '@paramkit/core/backend'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CountingHandler } from './counting-handler.js'
import { refusedPort, type SilentServer, silentServer } from './silent-server.js'

export const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

/** How a call failed, and how long it took to. */
export async function failure(run: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const start = performance.now()
  const error = await run().then(
    () => new Error('expected a failure'),
    (e: Error) => e,
  )
  return { error, ms: performance.now() - start }
}

async function firstPage(pages: AsyncIterable<unknown>) {
  for await (const page of pages) return page
  return undefined
}

function expectAborted(error: Error) {
  expect(error).toBeInstanceOf(BackendUnavailableError)
  expect(NotFoundError.is(error) || ThrottledError.is(error)).toBe(false)
  expect(error.message).toMatch(/aborted when its timeout passed \(AbortError\)/)
  const cause = error.cause as Error
  expect(cause.name).toBe('AbortError')
  expect((cause.cause as Error).name).toBe('TimeoutError')
}

/** An AWS backend package under test: its SDK client and its backend factory. */
export interface DeadEndpointSubject<Client extends { destroy(): void }> {
  /** Named in the describe block, e.g. `SSMClient`. */
  clientName: string
  /** A single-attempt SDK client on `endpoint`. */
  client(endpoint: string): Client
  /** The backend over the caller's client, or over one it makes from `clientConfig` (and `retry`). */
  backend(options: {
    client?: Client
    clientConfig?: object
    retry?: { maxAttempts: number; baseDelayMs: number }
  }): Backend
}

/**
 * The same dead-endpoint behaviour for every AWS backend: against a server that accepts connections and
 * never answers, each read with an AbortSignal fails on time as BackendUnavailable and closes its
 * connection; against a refused port, the client paramkit makes tries once, or as `retry` says.
 */
export function deadEndpointSuite<Client extends { destroy(): void }>(
  subject: DeadEndpointSubject<Client>,
): void {
  describe(`an endpoint that accepts connections and never answers (real ${subject.clientName})`, () => {
    let server: SilentServer
    let client: Client
    beforeAll(async () => {
      server = await silentServer()
      client = subject.client(server.endpoint)
    })
    afterAll(async () => {
      client.destroy()
      await server.stop()
    })

    const reads = {
      get: (signal: AbortSignal) => subject.backend({ client }).get('/p/a', { signal }),
      getMany: (signal: AbortSignal) => subject.backend({ client }).getMany(['/p/a', '/p/b'], { signal }),
      list: (signal: AbortSignal) => firstPage(subject.backend({ client }).list('/p', { signal })),
    }

    for (const [operation, read] of Object.entries(reads)) {
      it(`${operation} with signal: AbortSignal.timeout(200) fails in about 200 ms, the connection closed`, async () => {
        const closedBefore = server.closed
        const { error, ms } = await failure(() => read(AbortSignal.timeout(200)))
        expectAborted(error)
        expect(ms).toBeGreaterThanOrEqual(190)
        expect(ms).toBeLessThan(1000)
        expect(server.opened).toBeGreaterThan(closedBefore)
        await server.closedAtLeast(closedBefore + 1)
      })
    }
  })

  describe('a port that refuses connections', () => {
    /** A `get` through the client paramkit makes on a refused port: its error and the attempts it made. */
    async function refusedGet(retry?: { maxAttempts: number; baseDelayMs: number }) {
      const port = await refusedPort()
      const requestHandler = new CountingHandler()
      const clientConfig = {
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials,
        requestHandler,
      }
      const backend = subject.backend(retry ? { clientConfig, retry } : { clientConfig })
      const { error } = await failure(() => backend.get('/p/a'))
      await backend.close?.()
      return { error, port, attempts: requestHandler.attempts }
    }

    it('is BackendUnavailable with the ECONNREFUSED error as cause, after exactly one attempt', async () => {
      // paramkit's own client: no `retry` given, so one attempt (core's call policy retries reads).
      const { error, port, attempts } = await refusedGet()
      expect(error).toBeInstanceOf(BackendUnavailableError)
      expect(error.message).toContain(`endpoint 127.0.0.1:${port} is unreachable (ECONNREFUSED)`)
      expect(error.cause).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' })
      expect(attempts).toBe(1)
    })

    it('`retry` opts the client paramkit makes back into SDK retries', async () => {
      const { error, attempts } = await refusedGet({ maxAttempts: 3, baseDelayMs: 1 })
      expect(error).toBeInstanceOf(BackendUnavailableError)
      expect(attempts).toBe(3)
    })
  })
}
