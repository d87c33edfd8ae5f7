import { RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { createConfig } from '@paramkit/core'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nameFilters } from '../src/rotation.js'
import { clock } from './support/clock.js'
import { countingClient } from './support/moto-sm.js'

const MINUTE = 60_000

/** The name filters of every ListSecrets the client sends, via SDK middleware. */
function listFilters(client: SecretsManagerClient) {
  const seen: string[][] = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ListSecretsCommand') {
        const input = args.input as { Filters?: { Key?: string; Values?: string[] }[] }
        seen.push(input.Filters?.find((f) => f.Key === 'name')?.Values ?? [])
      }
      return next(args)
    },
    { step: 'initialize', name: 'listFilterSpy' },
  )
  return seen
}

async function rotating(client: SecretsManagerClient, id: string, days: number) {
  await client.send(
    new RotateSecretCommand({
      SecretId: id,
      RotationRules: { AutomaticallyAfterDays: days },
      RotateImmediately: false,
    }),
  )
}

const valueReads = (calls: Record<string, number>) =>
  (calls.GetSecretValueCommand ?? 0) + (calls.BatchGetSecretValueCommand ?? 0)

describe('rotation dates cost at most one call per secret per rotation period (moto)', () => {
  it('steady state: at most 1.05 calls per value read, for rotating and non-rotating secrets', async () => {
    const { client, calls, total } = countingClient()
    const time = clock()
    const backend = secretsManagerBackend({ client, now: time.now })
    await backend.put('/prod/api/db/password', 'pw')
    await backend.put('/prod/api/stripe/key', 'sk')
    await rotating(client, '/prod/api/db/password', 7)
    for (const key of Object.keys(calls)) delete calls[key]
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'api',
      cache: { ttl: MINUTE, jitter: 0, clock: time },
      // Each read waits for its own load: with the default 100 ms, a moto answer slowed by a busy machine
      // is served stale and the next read joins that load, one value read fewer (599).
      timeouts: { staleMs: Number.POSITIVE_INFINITY },
    })
    // Five hours of reads, each after the TTL ran out: every read reaches the backend.
    for (let round = 0; round < 300; round++) {
      expect((await config.getSecret('db/password')).reveal()).toBe('pw')
      expect((await config.getSecret('stripe/key')).reveal()).toBe('sk')
      time.advance(MINUTE + 1)
    }
    const reads = valueReads(calls)
    expect(reads).toBe(600)
    // The rotating secret's date holds all along (7 days); the other is asked at 0 h and again
    // hourly up to the last read at 4.98 h.
    expect(calls.DescribeSecretCommand).toBe(1 + 5)
    expect(calls.ListSecretsCommand ?? 0).toBe(0)
    const perRead = total() / reads
    console.log(
      `Secrets Manager steady state: ${total()} calls for ${reads} value reads = ${perRead.toFixed(3)} per read`,
    )
    expect(perRead).toBeLessThanOrEqual(1.05)
    await config.close()
  })

  it('reads a date again only once it has passed, and an overdue one at most once a minute', async () => {
    const { client, calls } = countingClient()
    const time = clock()
    const backend = secretsManagerBackend({ client, now: time.now })
    await backend.put('/prod/api/token', 't1')
    await rotating(client, '/prod/api/token', 1)
    const first = (await backend.get('/prod/api/token')).rotatesAt!
    expect(first.getTime()).toBeGreaterThan(time.now())
    time.advance(first.getTime() - time.now() - 1)
    await backend.get('/prod/api/token')
    expect(calls.DescribeSecretCommand).toBe(1)
    time.advance(2) // past it: moto still reports the same date, now overdue
    const overdue = (await backend.get('/prod/api/token')).rotatesAt!
    expect(calls.DescribeSecretCommand).toBe(2)
    expect(overdue.getTime()).toBe(time.now() + MINUTE)
    for (let i = 0; i < 10; i++) await backend.get('/prod/api/token')
    expect(calls.DescribeSecretCommand).toBe(2)
    time.advance(MINUTE)
    await backend.get('/prod/api/token')
    expect(calls.DescribeSecretCommand).toBe(3)
  })

  it('concurrent cold reads of one secret share one DescribeSecret', async () => {
    const { client, calls } = countingClient()
    const backend = secretsManagerBackend({ client })
    await backend.put('/prod/api/shared', 's')
    const entries = await Promise.all(Array.from({ length: 20 }, () => backend.get('/prod/api/shared')))
    expect(entries.every((e) => e.value === 's')).toBe(true)
    expect(calls.DescribeSecretCommand).toBe(1)
    expect(calls.GetSecretValueCommand).toBe(20)
  })

  it('never lists the whole account: names without a common prefix are named in the filter, and remembered', async () => {
    const { client, calls } = countingClient()
    const filters = listFilters(client)
    const backend = secretsManagerBackend({ client })
    const names = ['/billing/stripe', '/auth/jwt', 'plain-name', '/prod/a/b/c']
    for (const name of [...names, '/unrelated/one', '/unrelated/two']) await backend.put(name, `v-${name}`)
    await rotating(client, '/auth/jwt', 3)
    const first = await backend.getMany(names)
    expect(first.entries.map((e) => e.name).sort()).toEqual([...names].sort())
    expect(first.entries.find((e) => e.name === '/auth/jwt')?.rotatesAt).toBeInstanceOf(Date)
    expect(filters).toEqual([names])
    const again = await backend.getMany(names)
    expect(again.entries).toHaveLength(4)
    expect(calls.ListSecretsCommand).toBe(1)
    expect(calls.BatchGetSecretValueCommand).toBe(2)
  })
})

describe('ListSecrets name filters', () => {
  const name = fc
    .array(fc.constantFrom('a', 'b', 'prod', 'svc', 'x1'), { minLength: 1, maxLength: 4 })
    .chain((levels) => fc.boolean().map((rooted) => (rooted ? '/' : '') + levels.join('/')))

  it('cover every name with at most 10 values per call, and never the root', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 60 }), (names) => {
        const filters = nameFilters(names)
        for (const n of names) expect(filters.some((f) => n.startsWith(f))).toBe(true)
        for (const f of filters) expect(f.replaceAll('/', '')).not.toBe('')
        expect(filters.length).toBeLessThanOrEqual(names.length)
        if (names.length <= 10) expect(filters).toEqual(names)
      }),
    )
  })
})
