import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { BackendUnavailableError } from '@paramkit/core'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { credentials, deadEndpointSuite, failure } from '@paramkit/test-support/dead-endpoint-suite'
import { silentServer } from '@paramkit/test-support/silent-server'
import { describe, expect, it } from 'vitest'

deadEndpointSuite<SecretsManagerClient>({
  clientName: 'SecretsManagerClient',
  client: (endpoint) =>
    new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }),
  // On a refused port, rotationAware: false so a get is one GetSecretValue; against the silent server, the
  // default, so a get's DescribeSecret hangs and is aborted too.
  backend: (options) =>
    secretsManagerBackend(options.client ? options : { rotationAware: false, ...options }),
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
