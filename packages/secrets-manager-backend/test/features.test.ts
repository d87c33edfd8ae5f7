import { DescribeSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager'
import { createConfig, NotFoundError, type Secret } from '@paramkit/core'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countingClient } from './support/moto-sm.js'

describe('Secrets Manager backend on moto', () => {
  it('loads N secrets with ceil(N/20) BatchGetSecretValue calls plus one ListSecrets for rotation dates', async () => {
    const { client, calls } = countingClient()
    const backend = secretsManagerBackend({ client })
    const names = Array.from({ length: 45 }, (_, i) => `/prod/batch/s${String(i).padStart(2, '0')}`)
    for (const name of names) await backend.put(name, `v-${name}`)
    await client.send(
      new RotateSecretCommand({
        SecretId: names[3],
        RotationRules: { AutomaticallyAfterDays: 7 },
        RotateImmediately: false,
      }),
    )
    for (const key of Object.keys(calls)) delete calls[key]
    const result = await backend.getMany([...names, '/prod/batch/none'])
    expect(result.entries).toHaveLength(45)
    expect(result.missing).toEqual(['/prod/batch/none'])
    expect(calls).toEqual({ BatchGetSecretValueCommand: 3, ListSecretsCommand: 1 })
    expect(result.entries.find((e) => e.name === names[3])?.rotatesAt).toBeInstanceOf(Date)
    expect(result.entries.find((e) => e.name === names[4])?.rotatesAt).toBeUndefined()
  })

  it('extracts JSON fields with key#field, and getTree over a JSON secret gives the object', async () => {
    const { client } = countingClient()
    const backend = secretsManagerBackend({ client })
    await backend.put(
      '/prod/order-api/database/credentials',
      JSON.stringify({ username: 'app', password: 'pw-9', port: 5432 }),
    )
    const config = createConfig({ backend, env: 'prod', service: 'order-api' })
    expect((await config.getSecret('database/credentials#username')).reveal()).toBe('app')
    const fields = ['database/credentials#password', 'database/credentials#port']
    const secrets = await Promise.all(fields.map((key) => config.getSecret(key)))
    expect(secrets.map((secret) => secret.reveal())).toEqual(['pw-9', '5432'])
    await expect(config.getMany(fields)).rejects.toMatchObject({ rule: 'secret-read' })
    const error = await config.getSecret('database/credentials#nope').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as Error).message).not.toContain('pw-9')
    const tree = await config.getTree('database/credentials')
    expect((tree.password as Secret).reveal()).toBe('pw-9')
    expect(JSON.stringify(tree)).not.toContain('pw-9')
    await config.close()
  })

  it('reads any field of any JSON object stored on moto through core, in one call', async () => {
    const backend = secretsManagerBackend({ client: countingClient().client })
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/), fc.jsonValue(), {
          minKeys: 1,
          maxKeys: 5,
        }),
        async (object) => {
          const name = `/json/s${++n}`
          await backend.put(name, JSON.stringify(object))
          const fields = Object.keys(object)
          // Fields are core's: every one comes from a single read of the whole secret.
          const config = createConfig({ backend })
          const secrets = await Promise.all(fields.map((f) => config.getSecret(`${name}#${f}`)))
          for (const [i, field] of fields.entries()) {
            const expected = object[field]
            expect(secrets[i]!.reveal()).toBe(
              typeof expected === 'string' ? expected : JSON.stringify(expected),
            )
          }
          expect(config.stats().backendCalls).toBe(1)
          await config.close()
        },
      ),
      { numRuns: 15 },
    )
  })

  it('stores binary secrets as bytes', async () => {
    const backend = secretsManagerBackend({ client: countingClient().client })
    const bytes = new Uint8Array([0, 1, 2, 200, 255])
    await backend.put('/prod/cert', bytes, { type: 'Binary' })
    expect(await backend.get('/prod/cert')).toMatchObject({ type: 'Binary', value: bytes, sensitive: true })
  })

  it('deletes with a recovery window: the secret then reads as NotFound naming the deletion', async () => {
    const { client } = countingClient()
    const backend = secretsManagerBackend({ client })
    await backend.put('/prod/old', 'v')
    await backend.delete('/prod/old')
    const described = await client.send(new DescribeSecretCommand({ SecretId: '/prod/old' }))
    expect(described.DeletedDate).toBeInstanceOf(Date)
    const error = (await backend.get('/prod/old').catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.message).toMatch(/scheduled for deletion/)
    const forced = secretsManagerBackend({ client, forceDelete: true })
    await forced.put('/prod/gone', 'v')
    await forced.delete('/prod/gone')
    await expect(forced.get('/prod/gone')).rejects.toThrow(/not found/)
  })

  it('put with overwrite creates a missing secret and tags an existing one', async () => {
    const { client, calls } = countingClient()
    const backend = secretsManagerBackend({ client })
    await backend.put('/prod/new', 'v1', { overwrite: true })
    await backend.put('/prod/new', 'v2', { overwrite: true, tags: { team: 'orders' } })
    expect((await backend.get('/prod/new')).value).toBe('v2')
    const described = await client.send(new DescribeSecretCommand({ SecretId: '/prod/new' }))
    expect(described.Tags).toEqual([{ Key: 'team', Value: 'orders' }])
    expect(calls.TagResourceCommand).toBe(1)
  })
})
