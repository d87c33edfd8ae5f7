import { GetParameterCommand, SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm'
import { type Attempts, lazyClient, retryStrategy } from '@paramkit/aws'
import { stubCredentials, stubTransport } from '@paramkit/test-support/stub-transport'
import { describe, expect, it } from 'vitest'
import { sdkError } from './support.js'

function counted(config: SSMClientConfig = {}) {
  const made: SSMClient[] = []
  let destroyed = 0
  const create = (settings: SSMClientConfig) => {
    const client = new SSMClient({ ...settings, ...config })
    const destroy = client.destroy.bind(client)
    client.destroy = () => {
      destroyed++
      destroy()
    }
    made.push(client)
    return client
  }
  return { create, made, destroyed: () => destroyed }
}

describe('lazyClient', () => {
  it('creates no client until get(), then one for every get()', () => {
    const { create, made } = counted(stubCredentials)
    const lazy = lazyClient(create, {})
    expect(made).toHaveLength(0)
    const first = lazy.get()
    expect(lazy.get()).toBe(first)
    expect(made).toHaveLength(1)
  })

  it('close() never creates a client, and destroys only the one it created', () => {
    const { create, made, destroyed } = counted(stubCredentials)
    const lazy = lazyClient(create, {})
    lazy.close()
    expect(made).toHaveLength(0)
    lazy.get()
    lazy.close()
    lazy.close()
    expect(destroyed()).toBe(1)
  })

  it("uses the caller's client as it is, and never destroys it", () => {
    const { create, made } = counted(stubCredentials)
    const own = new SSMClient(stubCredentials)
    let ownDestroyed = 0
    own.destroy = () => {
      ownDestroyed++
    }
    const lazy = lazyClient(create, { client: own })
    expect(lazy.get()).toBe(own)
    lazy.close()
    expect(made).toHaveLength(0)
    expect(ownDestroyed).toBe(0)
  })

  it('gives the client it creates the retry default, overridable by retry and by clientConfig', async () => {
    const attempts = async (
      options: Parameters<typeof lazyClient<SSMClient, SSMClientConfig>>[1],
      kind: Attempts = 'sdk',
    ) => {
      const { requestHandler, requests } = stubTransport(() => sdkError('ThrottlingException', 'slow'))
      const lazy = lazyClient(
        (c: SSMClientConfig) => new SSMClient({ ...stubCredentials, requestHandler, ...c }),
        {
          random: () => 0,
          ...options,
        },
        kind,
      )
      await lazy
        .get()
        .send(new GetParameterCommand({ Name: '/a' }))
        .catch(() => undefined)
      lazy.close()
      return requests.length
    }
    expect(await attempts({})).toBe(5)
    expect(await attempts({ retry: { maxAttempts: 2 } })).toBe(2)
    const three = retryStrategy({ maxAttempts: 3, baseDelayMs: 1 })
    expect(await attempts({ clientConfig: { retryStrategy: three } })).toBe(3)
    // Behind core's call policy: one attempt, unless the caller asks for SDK retries.
    expect(await attempts({}, 'single')).toBe(1)
    expect(await attempts({ retry: { maxAttempts: 2 } }, 'single')).toBe(2)
    expect(await attempts({ clientConfig: { maxAttempts: 3 } }, 'single')).toBe(3)
  })
})
