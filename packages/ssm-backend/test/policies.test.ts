import { SSMClient } from '@aws-sdk/client-ssm'
import { isParamkitError } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoClientConfig } from '@paramkit/test-support/moto/clients'
import { describe, expect, it } from 'vitest'
import { stubbedClient } from './support/stub-transport.js'

/** Records the input of every command a client sends. */
function recordInputs(client: SSMClient) {
  const sent: { command: string; input: Record<string, unknown> }[] = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> })
      return next(args)
    },
    { step: 'initialize', name: 'recordInputs' },
  )
  return sent
}

describe('parameter policies on Parameter Store', () => {
  it('put sends Expiration, ExpirationNotification and NoChangeNotification in the documented shape, on the Advanced tier (moto)', async () => {
    const client = new SSMClient(motoClientConfig())
    const sent = recordInputs(client)
    const backend = ssmBackend({ client })
    const at = new Date(Date.now() + 86_400_000)
    await backend.put('/prod/api/token', 't-1', {
      policies: [
        { type: 'Expiration', at },
        { type: 'ExpirationNotification', before: 2, unit: 'Hours' },
        { type: 'NoChangeNotification', after: 30, unit: 'Days' },
      ],
    })
    expect((await backend.get('/prod/api/token')).value).toBe('t-1')
    const put = sent.find((s) => s.command === 'PutParameterCommand')!.input
    expect(put.Tier).toBe('Advanced')
    expect(JSON.parse(put.Policies as string)).toEqual([
      { Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: at.toISOString() } },
      { Type: 'ExpirationNotification', Version: '1.0', Attributes: { Before: '2', Unit: 'Hours' } },
      { Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '30', Unit: 'Days' } },
    ])
  })

  it('refuses bad policy shapes with a typed Validation error before any call', async () => {
    const client = new SSMClient(motoClientConfig())
    const sent = recordInputs(client)
    const backend = ssmBackend({ client })
    const bad: unknown[] = [
      [{ type: 'Expiration', at: 'tomorrow' }],
      [{ type: 'Expiration', at: new Date(0) }],
      [{ type: 'NoChangeNotification', after: 0, unit: 'Days' }],
      [{ type: 'Rotation' }],
      { type: 'Expiration' },
    ]
    for (const policies of bad) {
      const error = await backend
        .put('/prod/api/x', 'v', { policies: policies as never })
        .catch((e: unknown) => e)
      expect(isParamkitError(error) && error.code).toBe('VALIDATION')
      expect((error as Error).message).toContain('/prod/api/x')
    }
    const standard = await backend
      .put('/prod/api/x', 'v', {
        tier: 'Standard',
        policies: [{ type: 'NoChangeNotification', after: 1, unit: 'Days' }],
      })
      .catch((e: unknown) => e)
    expect((standard as { rule?: string }).rule).toBe('policies-tier')
    expect(sent).toEqual([])
  })

  it('readExpiry: entries carry expiresAt from DescribeParameters (stubbed: moto returns PolicyText as an object)', async () => {
    const text = JSON.stringify({
      Type: 'Expiration',
      Version: '1.0',
      Attributes: { Timestamp: '2030-05-01T00:00:00.000Z' },
    })
    const { client, requests } = stubbedClient((operation, input) => {
      if (operation === 'GetParameter')
        return {
          status: 200,
          body: { Parameter: { Name: input.Name, Type: 'String', Value: 'v', Version: 1 } },
        }
      return {
        status: 200,
        body: {
          Parameters: [
            {
              Name: '/prod/api/token',
              Policies: [{ PolicyText: text, PolicyType: 'Expiration', PolicyStatus: 'Pending' }],
            },
          ],
        },
      }
    })
    const entry = await ssmBackend({ client, readExpiry: true }).get('/prod/api/token')
    expect(entry.expiresAt?.toISOString()).toBe('2030-05-01T00:00:00.000Z')
    expect(requests).toEqual(['GetParameter', 'DescribeParameters'])
    const plain = await ssmBackend({ client }).get('/prod/api/token')
    expect(plain.expiresAt).toBeUndefined()
  })
})
