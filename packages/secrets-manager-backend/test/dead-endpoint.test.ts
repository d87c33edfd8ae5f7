import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { BackendUnavailableError, NotFoundError, ThrottledError } from '@paramkit/core'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CountingHandler } from '../../../scripts/counting-handler.js'
import { refusedPort, type SilentServer, silentServer } from '../../../scripts/silent-server.js'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

/** How a call failed, and how long it took to. */
async function failure(run: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
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

describe('an endpoint that accepts connections and never answers (real SecretsManagerClient)', () => {
  let server: SilentServer
  let client: SecretsManagerClient
  beforeAll(async () => {
    server = await silentServer()
    client = new SecretsManagerClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    })
  })
  afterAll(async () => {
    client.destroy()
    await server.stop()
  })

  const reads = {
    get: (signal: AbortSignal) => secretsManagerBackend({ client }).get('/p/a', { signal }),
    getMany: (signal: AbortSignal) => secretsManagerBackend({ client }).getMany(['/p/a', '/p/b'], { signal }),
    list: (signal: AbortSignal) => firstPage(secretsManagerBackend({ client }).list('/p', { signal })),
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
  it('is BackendUnavailable with the ECONNREFUSED error as cause, after exactly one attempt', async () => {
    const port = await refusedPort()
    const requestHandler = new CountingHandler()
    // paramkit's own client: no `retry` given, so one attempt (core's call policy retries reads).
    const backend = secretsManagerBackend({
      rotationAware: false, // one GetSecretValue per get
      clientConfig: {
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials,
        requestHandler,
      },
    })
    const { error } = await failure(() => backend.get('/p/a'))
    await backend.close?.()
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect(error.message).toContain(`endpoint 127.0.0.1:${port} is unreachable (ECONNREFUSED)`)
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' })
    expect(requestHandler.attempts).toBe(1)
  })

  it('`retry` opts the client paramkit makes back into SDK retries', async () => {
    const port = await refusedPort()
    const requestHandler = new CountingHandler()
    const backend = secretsManagerBackend({
      rotationAware: false, // one GetSecretValue per get
      clientConfig: {
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials,
        requestHandler,
      },
      retry: { maxAttempts: 3, baseDelayMs: 1 },
    })
    const { error } = await failure(() => backend.get('/p/a'))
    await backend.close?.()
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect(requestHandler.attempts).toBe(3)
  })
})

describe('a rotation-date read shared by several reads', () => {
  it('is aborted only when every read waiting on it has given up', async () => {
    const server = await silentServer()
    const client = new SecretsManagerClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    })
    const backend = secretsManagerBackend({ client })
    const early = new AbortController()
    const late = new AbortController()
    const first = failure(() => backend.get('/p/a', { signal: early.signal }))
    const second = failure(() => backend.get('/p/a', { signal: late.signal }))
    await server.openedAtLeast(3) // GetSecretValue twice, DescribeSecret once (shared)
    early.abort(new Error('first reader gone'))
    expect((await first).error).toBeInstanceOf(BackendUnavailableError)
    await server.closedAtLeast(1)
    await new Promise((r) => setTimeout(r, 100))
    // The second read's GetSecretValue and the shared DescribeSecret are still open.
    expect(server.opened - server.closed).toBe(2)
    late.abort(new Error('second reader gone'))
    expect((await second).error).toBeInstanceOf(BackendUnavailableError)
    await server.closedAtLeast(3)
    client.destroy()
    await server.stop()
  })
})
