import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clock } from './support/clock.js'
import { countingClient } from './support/moto-sm.js'

describe('rotation on moto', () => {
  it('serves the old value only until TTL, then the rotated one', async () => {
    const { client } = countingClient()
    const backend = secretsManagerBackend({ client })
    await backend.put('/prod/order-api/database/password', 'old-pw')
    const time = clock()
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'order-api',
      cache: { ttl: 60_000, jitter: 0, clock: time },
    })
    expect((await config.getSecret('database/password')).reveal()).toBe('old-pw')
    await backend.rotate('/prod/order-api/database/password', 'new-pw')
    time.advance(59_000)
    expect((await config.getSecret('database/password')).reveal()).toBe('old-pw')
    time.advance(1_001)
    expect((await config.getSecret('database/password')).reveal()).toBe('new-pw')
    await config.close()
  })

  it('never serves past rotatesAt (NextRotationDate) even inside the TTL', async () => {
    const { client } = countingClient()
    const backend = secretsManagerBackend({ client })
    await backend.put('/prod/api/rotating', 'v1')
    await client.send(
      new RotateSecretCommand({
        SecretId: '/prod/api/rotating',
        RotationRules: { AutomaticallyAfterDays: 1 },
        RotateImmediately: false,
      }),
    )
    const entry = await backend.get('/prod/api/rotating')
    expect(entry.rotatesAt).toBeInstanceOf(Date)
    const time = clock()
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'api',
      cache: { ttl: 30 * 86_400_000, jitter: 0, clock: time },
    })
    expect((await config.getSecret('rotating')).reveal()).toBe('v1')
    await backend.rotate('/prod/api/rotating', 'v2')
    time.advance(entry.rotatesAt!.getTime() - time.now() - 1000)
    expect((await config.getSecret('rotating')).reveal()).toBe('v1')
    time.advance(2000)
    expect((await config.getSecret('rotating')).reveal()).toBe('v2')
    await config.close()
  })

  it('refresh(key) re-reads AWSCURRENT at once and reports the change', async () => {
    const { client } = countingClient()
    const backend = secretsManagerBackend({ client })
    await backend.put('/prod/api/key', 'k1')
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const changes: string[] = []
    config.on('change', (e) => changes.push(e.name))
    expect((await config.getSecret('key')).reveal()).toBe('k1')
    await backend.rotate('/prod/api/key', 'k2')
    expect((await config.getSecret('key')).reveal()).toBe('k1')
    await config.refresh('key')
    expect((await config.getSecret('key')).reveal()).toBe('k2')
    expect(changes).toEqual(['/prod/api/key'])
    await config.close()
  })

  it('withFreshSecret recovers from an authentication failure with exactly one refresh', async () => {
    const { client, calls } = countingClient()
    const backend = secretsManagerBackend({ client })
    await backend.put('/prod/api/db/password', 'pw-1')
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    await config.getSecret('db/password')
    await backend.rotate('/prod/api/db/password', 'pw-2')
    const reads = () => (calls.GetSecretValueCommand ?? 0) + (calls.BatchGetSecretValueCommand ?? 0)
    const before = reads()
    const database = { password: 'pw-2' }
    const attempts: string[] = []
    const result = await config.withFreshSecret('db/password', async (secret) => {
      attempts.push(secret.reveal())
      if (secret.reveal() !== database.password) {
        throw Object.assign(new Error('password authentication failed for user "app"'), { code: '28P01' })
      }
      return 'connected'
    })
    expect(result).toBe('connected')
    expect(attempts).toEqual(['pw-1', 'pw-2'])
    expect(reads() - before).toBe(1)
    await config.close()
  })
})

describe('differential: memory rotate vs moto rotation', () => {
  it('gives the same stage transitions for any sequence of rotations, finished or left pending', async () => {
    const { client } = countingClient()
    const sm = secretsManagerBackend({ client })
    let run = 0
    // Rotations only: after UpdateSecretVersionStage moto keeps a stale default version, so a later plain
    // PutSecretValue gives AWSPREVIOUS to the wrong version there (AWS moves it from the current one).
    // Puts after rotations are covered by the memory backend's model test.
    const step = fc.record({ op: fc.constant('rotate' as const), finish: fc.boolean() })
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const name = `/diff/rot${++run}`
        const memory = memoryBackend()
        let n = 0
        for (const backend of [memory, sm]) await backend.put(name, 'v0', { type: 'Secret' })
        for (const s of steps) {
          const value = `v${++n}`
          for (const backend of [memory, sm]) {
            await backend.rotate(name, value, { finish: s.finish })
          }
          expect(await stagesOnMoto(sm, client, name), JSON.stringify(steps)).toEqual(
            stagesInMemory(memory, name),
          )
        }
      }),
      { numRuns: 15 },
    )
  }, 120_000)
})

function stagesInMemory(memory: ReturnType<typeof memoryBackend>, name: string) {
  const spec = memory.snapshot()[name] as { versions: { value: string; stages: string[] }[] }
  return Object.fromEntries(spec.versions.map((v) => [v.value, [...v.stages].sort()]))
}

async function stagesOnMoto(
  backend: ReturnType<typeof secretsManagerBackend>,
  client: ReturnType<typeof countingClient>['client'],
  name: string,
) {
  const { DescribeSecretCommand } = await import('@aws-sdk/client-secrets-manager')
  const described = await client.send(new DescribeSecretCommand({ SecretId: name }))
  const out: Record<string, string[]> = {}
  for (const [versionId, stages] of Object.entries(described.VersionIdsToStages ?? {})) {
    if (stages.length === 0) continue
    const entry = await backend.get(name, { versionId })
    out[entry.value as string] = [...stages].sort()
  }
  return out
}
