// Parameter Store in two regions of one moto server: parameters copied to both, the primary region's
// client pointed at an endpoint that goes silent, refuses or resets, and heals. Reads fail over within
// the call budget, none fails while the replica answers, and they return to the primary after it heals.
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { type ConfigClient, createConfig, type FailoverEvent } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoClientConfig, motoEndpoint, resetMoto } from '@paramkit/test-support/moto/clients'
import {
  closedPortEndpoint,
  type SwitchableEndpoint,
  switchableEndpoint,
} from '@paramkit/test-support/switchable-endpoint'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const timeouts = { callMs: 200, readMs: 1_500, staleMs: 50, loadMs: 3_000 }
const fresh = { ttl: 60_000, jitter: 0, staleWhileRevalidate: 0, maxStale: 0 }
const open: { close(): Promise<void> }[] = []
let primaryEndpoint: SwitchableEndpoint

async function seed(region: string, value: string) {
  const client = new SSMClient({ ...motoClientConfig(), region })
  for (const [name, v] of [
    ['/prod/api/db/host', value],
    ['/prod/api/db/port', '5432'],
  ] as const) {
    await client.send(new PutParameterCommand({ Name: name, Value: v, Type: 'String', Overwrite: true }))
  }
  client.destroy()
}

function regionalClient(endpoint: string, region: string) {
  return new SSMClient({ ...motoClientConfig(), endpoint, region })
}

function config(clients: SSMClient[], probeMs = 10_000): { config: ConfigClient; events: FailoverEvent[] } {
  const c = createConfig({
    backend: ssmBackend({ clients, failover: { probeMs, probeTimeoutMs: 300 } }),
    env: 'prod',
    service: 'api',
    timeouts,
    cache: fresh,
  })
  const events: FailoverEvent[] = []
  c.on('failover', (e) => events.push(e))
  open.push(c)
  return { config: c, events }
}

beforeEach(async () => {
  await resetMoto()
  await seed('us-east-1', 'db.east')
  await seed('us-west-2', 'db.west')
  primaryEndpoint = await switchableEndpoint(motoEndpoint())
})
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()))
  await primaryEndpoint.stop()
})

describe('ssmBackend across two regions', () => {
  it('with regions: one client per region, reads from the first, entries say which region served', async () => {
    const c = createConfig({
      backend: ssmBackend({
        regions: ['us-east-1', 'us-west-2'],
        clientConfig: { endpoint: motoEndpoint(), credentials: motoClientConfig().credentials },
      }),
      env: 'prod',
      service: 'api',
    })
    open.push(c)
    expect(c.backendName).toBe('ssm(us-east-1,us-west-2)')
    expect(await c.get('db/host')).toBe('db.east')
    expect((await c.getEntry('db/host')).servedBy).toBe('ssm(us-east-1)')
    expect(c.stats().failover).toMatchObject({ serving: 'ssm(us-east-1)', switches: 0 })
  })

  it('a silent primary: the first read is served by the replica after one call budget, none fails, and the primary is probed once per interval', async () => {
    primaryEndpoint.set('silent')
    const { config: c, events } = config(
      [regionalClient(primaryEndpoint.endpoint, 'us-east-1'), regionalClient(motoEndpoint(), 'us-west-2')],
      400,
    )
    const started = performance.now()
    expect(await c.get('db/host')).toBe('db.west')
    const firstMs = performance.now() - started
    const reads: Promise<string>[] = []
    const until = performance.now() + 1_200
    while (performance.now() < until) {
      c.invalidate()
      reads.push(c.get('db/host'), c.get('db/port'))
      await new Promise((r) => setTimeout(r, 40))
    }
    const values = await Promise.all(reads)
    expect(new Set(values)).toEqual(new Set(['db.west', '5432']))
    expect(events[0]).toMatchObject({ kind: 'switch', from: 'ssm(0)', to: 'ssm(1)', reason: 'timeout' })
    // The first read waited for one call budget (callMs) before its retry went to the replica.
    expect(firstMs).toBeGreaterThanOrEqual(timeouts.callMs - 5)
    const primary = c.stats().failover?.members[0]
    // 1 call that timed out, then ≤ 1 probe per 400 ms over ~1.3 s.
    expect(primary?.calls).toBeLessThanOrEqual(1 + Math.ceil(1_300 / 400))
  })

  it('a refused primary (closed port) is passed over within the same call', async () => {
    const { config: c, events } = config([
      regionalClient(await closedPortEndpoint(), 'us-east-1'),
      regionalClient(motoEndpoint(), 'us-west-2'),
    ])
    for (let i = 0; i < 5; i++) {
      c.invalidate()
      expect(await c.getMany(['db/host', 'db/port'])).toEqual({ 'db/host': 'db.west', 'db/port': '5432' })
    }
    expect(events).toEqual([expect.objectContaining({ kind: 'switch', reason: 'unavailable' })])
    // Three refusals open its circuit (the default); no probe is due within 10 s.
    expect(c.stats().failover?.members.map((m) => [m.state, m.calls])).toEqual([
      ['open', 3],
      ['closed', 5],
    ])
  })

  it('reads return to the primary after it heals, and a reset primary fails over like a refused one', async () => {
    primaryEndpoint.set('reset')
    const { config: c, events } = config(
      [regionalClient(primaryEndpoint.endpoint, 'us-east-1'), regionalClient(motoEndpoint(), 'us-west-2')],
      200,
    )
    expect(await c.get('db/host')).toBe('db.west')
    primaryEndpoint.set('forward')
    let served = ''
    for (let i = 0; i < 40 && served !== 'db.east'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      c.invalidate()
      served = await c.get('db/host')
    }
    expect(served).toBe('db.east')
    expect(events.map((e) => (e.kind === 'switch' ? `${e.to}:${e.reason}` : e.kind))).toEqual([
      'ssm(1):unavailable',
      'ssm(0):recovered',
    ])
  })

  it('reads a parameter by its full ARN with get and getMany, cached under the ARN', async () => {
    const arn = 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/api/db/host'
    const { config: c } = config([
      regionalClient(motoEndpoint(), 'us-east-1'),
      regionalClient(motoEndpoint(), 'us-west-2'),
    ])
    expect(await c.get(arn)).toBe('db.east')
    expect(await c.getMany([arn, 'db/port'])).toEqual({ [arn]: 'db.east', 'db/port': '5432' })
    // Its name and its ARN in one batch: each answered once, under the name it was asked by.
    const backend = ssmBackend({ client: regionalClient(motoEndpoint(), 'us-east-1') })
    const both = await backend.getMany(['/prod/api/db/host', arn, '/prod/api/db/port'])
    expect(both.entries.map((e) => e.name).sort()).toEqual(
      ['/prod/api/db/host', '/prod/api/db/port', arn].sort(),
    )
    expect(both.missing).toEqual([])
    await backend.close?.()
    const calls = c.stats().backendCalls
    expect(await c.get(arn)).toBe('db.east')
    expect(c.stats().backendCalls).toBe(calls)
    await expect(c.get('arn:aws:secretsmanager:us-east-1:123456789012:secret:x')).rejects.toMatchObject({
      rule: 'arn-service',
    })
    expect(c.stats().backendCalls).toBe(calls)
  })
})
