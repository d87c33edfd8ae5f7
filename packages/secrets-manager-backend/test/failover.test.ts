// Secrets Manager in two regions of one moto server: a secret replicated with ReplicateSecretToRegions,
// the primary region silent or refusing. The replica serves within the call budget; a secret that was
// never replicated is a misconfiguration, reported as such while the last good value is kept.
import {
  CreateSecretCommand,
  ReplicateSecretToRegionsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import { createConfig, type FailoverEvent } from '@paramkit/core'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { motoClientConfig, motoEndpoint, resetMoto } from '@paramkit/test-support/moto/clients'
import { type SwitchableEndpoint, switchableEndpoint } from '@paramkit/test-support/switchable-endpoint'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const timeouts = { callMs: 200, readMs: 1_500, staleMs: 50, loadMs: 3_000 }
const open: { close(): Promise<void> }[] = []
let primary: SwitchableEndpoint
let arn = ''

const client = (endpoint: string, region: string) =>
  new SecretsManagerClient({ ...motoClientConfig(), endpoint, region })

beforeEach(async () => {
  await resetMoto()
  const east = client(motoEndpoint(), 'us-east-1')
  const created = await east.send(
    new CreateSecretCommand({ Name: 'prod/api/db', SecretString: '{"password":"s3cret-east"}' }),
  )
  arn = created.ARN!
  await east.send(
    new ReplicateSecretToRegionsCommand({
      SecretId: 'prod/api/db',
      AddReplicaRegions: [{ Region: 'us-west-2' }],
    }),
  )
  // Held by the primary only: a replica that lacks it is misconfigured.
  await east.send(new CreateSecretCommand({ Name: 'prod/api/only-east', SecretString: 'east-only' }))
  east.destroy()
  primary = await switchableEndpoint(motoEndpoint())
})
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()))
  await primary.stop()
})

function config(maxStale = 0) {
  const c = createConfig({
    backend: secretsManagerBackend({
      clients: [client(primary.endpoint, 'us-east-1'), client(motoEndpoint(), 'us-west-2')],
      failover: { probeMs: 10_000, probeTimeoutMs: 300, failures: 1 },
      rotationAware: false,
    }),
    prefix: '',
    timeouts,
    cache: { ttl: 60_000, jitter: 0, staleWhileRevalidate: 0, maxStale },
  })
  const events: FailoverEvent[] = []
  c.on('failover', (e) => events.push(e))
  c.on('error', () => undefined)
  open.push(c)
  return { config: c, events }
}

describe('secretsManagerBackend across two regions', () => {
  it('a replicated secret is read from the replica when the primary goes silent, as a Secret', async () => {
    const { config: c, events } = config()
    expect(await (await c.getSecret('prod/api/db#password')).reveal()).toBe('s3cret-east')
    primary.set('silent')
    c.invalidate()
    expect(await (await c.getSecret('prod/api/db#password')).reveal()).toBe('s3cret-east')
    expect((await c.getEntry('prod/api/db')).servedBy).toBe('secrets-manager(1)')
    expect(events).toEqual([expect.objectContaining({ kind: 'switch', reason: 'timeout' })])
  })

  it("a read by the primary's ARN fails over to the replica's copy of it (its ARN in the other region)", async () => {
    // Clients of your own: each one's configured region is where it reads an ARN.
    const c = createConfig({
      backend: secretsManagerBackend({
        clients: [client(primary.endpoint, 'us-east-1'), client(motoEndpoint(), 'us-west-2')],
        failover: { probeMs: 10_000, failures: 1 },
        rotationAware: false,
      }),
      prefix: '',
      timeouts,
    })
    open.push(c)
    const events: FailoverEvent[] = []
    c.on('failover', (e) => events.push(e))
    expect(await (await c.getSecret(`${arn}#password`)).reveal()).toBe('s3cret-east')
    primary.set('silent')
    c.invalidate()
    expect(await (await c.getSecret(`${arn}#password`)).reveal()).toBe('s3cret-east')
    expect(await c.getEntry(arn)).toMatchObject({ name: arn, servedBy: 'secrets-manager(1)' })
    expect(events).toEqual([expect.objectContaining({ kind: 'switch', to: 'secrets-manager(1)' })])
  })

  it('a secret never replicated is reported as a misconfigured replica, never as absent, and the last value is kept', async () => {
    const { config: c, events } = config(60_000)
    expect(await (await c.getSecret('prod/api/only-east')).reveal()).toBe('east-only')
    primary.set('reset')
    const refreshed = await c.refresh('prod/api/only-east')
    expect(refreshed.failed).toBe(1)
    expect(await (await c.getSecret('prod/api/only-east')).reveal()).toBe('east-only')
    expect(events).toContainEqual({
      kind: 'misconfigured',
      replica: 'secrets-manager(1)',
      primary: 'secrets-manager(0)',
      key: 'prod/api/only-east',
    })
  })

  it('reads a secret by its full ARN; an SSM ARN is refused before any call', async () => {
    const { config: c } = config()
    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/api\/db-/)
    expect(await (await c.getSecret(`${arn}#password`)).reveal()).toBe('s3cret-east')
    // BatchGetSecretValue by ARN beside a name: each entry is named as it was asked.
    const backend = secretsManagerBackend({
      client: client(motoEndpoint(), 'us-east-1'),
      rotationAware: false,
    })
    const many = await backend.getMany([arn, 'prod/api/only-east'])
    expect(many.entries.map((e) => e.name).sort()).toEqual([arn, 'prod/api/only-east'].sort())
    await backend.close?.()
    const calls = c.stats().backendCalls
    await expect(c.getSecret('arn:aws:ssm:us-east-1:123456789012:parameter/x')).rejects.toMatchObject({
      rule: 'arn-service',
    })
    expect(c.stats().backendCalls).toBe(calls)
  })
})
