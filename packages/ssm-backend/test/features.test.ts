import { DescribeParametersCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm'
import { createConfig, NotFoundError } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { describe, expect, it } from 'vitest'
import { countingClient } from './support/moto-ssm.js'

function setup() {
  const counting = countingClient()
  return { ...counting, backend: ssmBackend({ client: counting.client }) }
}

async function describeParameter(client: ReturnType<typeof countingClient>['client'], name: string) {
  const out = await client.send(
    new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }),
  )
  return out.Parameters?.[0]
}

describe('SSM backend on moto', () => {
  it('decrypts SecureString by default, returns ciphertext when asked not to', async () => {
    const { backend } = setup()
    await backend.put('/f/secure', 'hunter2!', { type: 'SecureString' })
    expect(await backend.get('/f/secure')).toMatchObject({
      value: 'hunter2!',
      type: 'SecureString',
      sensitive: true,
    })
    const raw = await backend.get('/f/secure', { withDecryption: false })
    expect(raw.value).not.toBe('hunter2!')
    const listed = []
    for await (const page of backend.list('/f')) listed.push(...page.entries)
    expect(listed[0]?.value).toBe('hunter2!')
  })

  it('exposes StringList as a list through the client and reads selectors', async () => {
    const { backend } = setup()
    await backend.put('/f/app/hosts', 'a.example,b.example', { type: 'StringList' })
    await backend.put('/f/app/color', 'red')
    await backend.put('/f/app/color', 'blue', { overwrite: true })
    await backend.label('/f/app/color', 1, ['stable'])
    const config = createConfig({ backend, env: 'f', service: 'app' })
    expect(await config.getList('hosts')).toEqual(['a.example', 'b.example'])
    expect(await config.get('color')).toBe('blue')
    expect(await config.get('color:1')).toBe('red')
    expect(await config.get('color:stable')).toBe('red')
    expect(await config.getEntry('color:stable')).toMatchObject({ selector: ':stable', version: '1' })
    await expect(config.get('color:7')).rejects.toBeInstanceOf(NotFoundError)
    await config.close()
  })

  it('passes /aws/reference/secretsmanager/ names through with decryption', async () => {
    const response = await fetch(motoEndpoint(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.CreateSecret',
        authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: JSON.stringify({ Name: 'prod/order-api/db', SecretString: '{"password":"s3cr3t"}' }),
    })
    expect(response.ok).toBe(true)
    const { backend, calls } = setup()
    const entry = await backend.get('/aws/reference/secretsmanager/prod/order-api/db', {
      withDecryption: false,
    })
    expect(entry.value).toBe('{"password":"s3cr3t"}')
    expect(entry.sensitive).toBe(true)
    const many = await backend.getMany([
      '/aws/reference/secretsmanager/prod/order-api/db',
      '/aws/reference/secretsmanager/none',
    ])
    expect(many.entries).toHaveLength(1)
    expect(many.missing).toEqual(['/aws/reference/secretsmanager/none'])
    expect(calls.GetParametersCommand).toBeUndefined()
  })

  it('chooses the tier by size, passes KeyId, tags on create and with AddTagsToResource on overwrite', async () => {
    const { backend, client, calls } = setup()
    await backend.put('/f/small', 'x'.repeat(4096))
    await backend.put('/f/large', 'x'.repeat(4097))
    expect((await describeParameter(client, '/f/small'))?.Tier).toBe('Standard')
    expect((await describeParameter(client, '/f/large'))?.Tier).toBe('Advanced')
    await backend.put('/f/key', 'pw', { type: 'SecureString', keyId: 'alias/orders' })
    expect((await describeParameter(client, '/f/key'))?.KeyId).toBe('alias/orders')
    await backend.put('/f/tagged', 'v', { tags: { team: 'orders' } })
    await backend.put('/f/tagged', 'v2', { overwrite: true, tags: { env: 'prod' } })
    const tags = await client.send(
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/f/tagged' }),
    )
    expect(Object.fromEntries((tags.TagList ?? []).map((t) => [t.Key, t.Value]))).toEqual({
      team: 'orders',
      env: 'prod',
    })
    expect(calls.AddTagsToResourceCommand).toBe(1)
    await backend.delete('/f/tagged')
    await expect(backend.get('/f/tagged')).rejects.toBeInstanceOf(NotFoundError)
    await expect(backend.delete('/f/tagged')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('creates its client lazily and closes only a client it made', async () => {
    const backend = ssmBackend({
      clientConfig: {
        endpoint: motoEndpoint(),
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      },
    })
    await backend.put('/f/lazy', 'v')
    expect((await backend.get('/f/lazy')).value).toBe('v')
    await backend.close!()
    const { client, backend: borrowed } = setup()
    await borrowed.close!()
    expect((await ssmBackend({ client }).get('/f/lazy')).value).toBe('v')
  })
})
