// The config client over the real SSM client against an endpoint that accepts connections and never
// answers: every read settles within its budget, the calls are aborted (the server sees them closed),
// and after the endpoint comes back the next read succeeds.
import { SSMClient } from '@aws-sdk/client-ssm'
import { createConfig } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { type SilentServer, silentServer } from '@paramkit/test-support/silent-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const timeouts = { callMs: 150, readMs: 400, staleMs: 20, loadMs: 600 }

describe('createConfig over a silent SSM endpoint', () => {
  let server: SilentServer
  beforeAll(async () => {
    server = await silentServer()
  })
  afterAll(async () => {
    await server.stop()
  })

  for (const [name, read, budget] of [
    ['get', (c: ReturnType<typeof createConfig>) => c.get('db/host'), timeouts.readMs],
    ['getMany', (c: ReturnType<typeof createConfig>) => c.getMany(['db/host', 'db/port']), timeouts.readMs],
    ['getTree', (c: ReturnType<typeof createConfig>) => c.getTree('db'), timeouts.loadMs],
  ] as const) {
    it(`${name} settles with a TimeoutError within its budget, and the calls are closed`, async () => {
      const client = new SSMClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
      })
      const config = createConfig({ backend: ssmBackend({ client }), env: 'prod', service: 'api', timeouts })
      const opened = server.opened
      const start = performance.now()
      const error = await read(config).then(
        () => undefined,
        (e: unknown) => e,
      )
      const ms = performance.now() - start
      expect(error).toMatchObject({ code: 'TIMEOUT' })
      expect(ms).toBeLessThanOrEqual(budget + 100)
      expect(server.opened).toBeGreaterThan(opened)
      await server.closedAtLeast(server.opened, 2_000)
      await config.close()
      client.destroy()
    })
  }

  it('close() rejects a read waiting on the silent endpoint at once with ClosedError', async () => {
    const client = new SSMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    })
    const config = createConfig({
      backend: ssmBackend({ client }),
      timeouts: { callMs: 60_000, readMs: 60_000 },
    })
    const pending = config.get('/prod/api/db/host').then(
      () => undefined,
      (e: unknown) => e,
    )
    await server.openedAtLeast(server.opened + 1, 2_000).catch(() => undefined)
    const start = performance.now()
    await config.close()
    expect(await pending).toMatchObject({ code: 'CLOSED' })
    expect(performance.now() - start).toBeLessThan(1_000)
    client.destroy()
  })
})
