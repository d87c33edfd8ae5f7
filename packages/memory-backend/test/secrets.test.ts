import { createConfig, NotFoundError, ValidationError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'

const stagesOf = async (backend: ReturnType<typeof memoryBackend>, name: string) => {
  const snapshot = backend.snapshot()[name] as { versions: { value: string; stages: string[] }[] }
  return Object.fromEntries(snapshot.versions.map((v) => [v.value, [...v.stages].sort()]))
}

describe('Secrets Manager semantics', () => {
  it('rotate moves the stages exactly as a rotation does', async () => {
    const backend = memoryBackend()
    await backend.put('/prod/db/password', 'v1', { type: 'Secret' })
    expect(await stagesOf(backend, '/prod/db/password')).toEqual({ v1: ['AWSCURRENT'] })

    const pending = await backend.rotate('/prod/db/password', 'v2', { finish: false })
    expect(await stagesOf(backend, '/prod/db/password')).toEqual({ v1: ['AWSCURRENT'], v2: ['AWSPENDING'] })
    expect((await backend.get('/prod/db/password', { versionStage: 'AWSPENDING' })).version).toBe(pending)
    expect((await backend.get('/prod/db/password')).value).toBe('v1')

    await backend.rotate('/prod/db/password', 'v3')
    expect(await stagesOf(backend, '/prod/db/password')).toEqual({ v1: ['AWSPREVIOUS'], v3: ['AWSCURRENT'] })
    await backend.rotate('/prod/db/password', 'v4')
    expect(await stagesOf(backend, '/prod/db/password')).toEqual({ v3: ['AWSPREVIOUS'], v4: ['AWSCURRENT'] })
    expect(await backend.get('/prod/db/password')).toMatchObject({
      value: 'v4',
      stages: ['AWSCURRENT'],
      type: 'Secret',
    })
    await expect(backend.get('/prod/db/password', { versionStage: 'AWSPENDING' })).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(backend.rotate('/prod/none', 'x')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('sets rotatesAt from the rotation schedule and moves it on each rotation', async () => {
    let now = Date.UTC(2026, 0, 1)
    const backend = memoryBackend({ clock: { now: () => now } })
    await backend.put('/prod/db/password', 'v1', { type: 'Secret', rotationDays: 30 })
    expect((await backend.get('/prod/db/password')).rotatesAt).toEqual(new Date(Date.UTC(2026, 0, 31)))
    now = Date.UTC(2026, 0, 10)
    await backend.rotate('/prod/db/password', 'v2')
    expect((await backend.get('/prod/db/password')).rotatesAt).toEqual(new Date(Date.UTC(2026, 1, 9)))
    await backend.setRotation('/prod/db/password', undefined)
    expect((await backend.get('/prod/db/password')).rotatesAt).toBeUndefined()
  })

  it('stores string or binary values up to 64 KB', async () => {
    const backend = memoryBackend()
    const bytes = new Uint8Array(65_536).map((_, i) => i % 256)
    await backend.put('/s/bin', bytes, { type: 'Binary' })
    const entry = await backend.get('/s/bin')
    expect(entry.type).toBe('Binary')
    expect(entry.value).toEqual(bytes)
    bytes[0] = 99
    expect((entry.value as Uint8Array)[0]).toBe(0)
    await backend.put('/s/str', 'x'.repeat(65_536), { type: 'Secret' })
    await expect(backend.put('/s/big', 'x'.repeat(65_537), { type: 'Secret' })).rejects.toThrow(
      /max-secret-size/,
    )
    await expect(backend.put('/s/str', 'y', { type: 'Secret' })).rejects.toBeInstanceOf(ValidationError)
  })

  it('reads a version by id and by a custom staging label selector', async () => {
    const backend = memoryBackend()
    const { version } = await backend.put('/s/k', 'a', { type: 'Secret' })
    await backend.put('/s/k', 'b', { type: 'Secret', overwrite: true })
    expect((await backend.get('/s/k', { versionId: version })).value).toBe('a')
    await expect(backend.get('/s/k', { versionId: 'nope' })).rejects.toBeInstanceOf(NotFoundError)
    await backend.delete('/s/k')
    await expect(backend.get('/s/k')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('leaves name#field to core: a field name is refused as invalid, before any call', async () => {
    const backend = memoryBackend()
    await backend.put('/s/db', JSON.stringify({ user: 'app', password: 'pw' }), { type: 'Secret' })
    backend.resetStats()
    await expect(backend.get('/s/db#password')).rejects.toMatchObject({
      code: 'VALIDATION',
      rule: 'field-not-allowed',
    })
    const many = await backend.getMany(['/s/db', '/s/db#user'])
    expect(many.entries.map((e) => e.name)).toEqual(['/s/db'])
    expect(many.invalid).toEqual(['/s/db#user'])
    expect(backend.stats().calls.get).toBe(0)
  })

  it("answers a config client's name#field from one read of the whole secret", async () => {
    const backend = memoryBackend()
    await backend.put('/s/db', JSON.stringify({ user: 'app', password: 'pw', port: 5432 }), {
      type: 'Secret',
    })
    const config = createConfig({ backend })
    backend.resetStats()
    const fields = ['/s/db#user', '/s/db#password', '/s/db#port']
    const secrets = await Promise.all(fields.map((field) => config.getSecret(field)))
    expect(secrets.map((secret) => secret.reveal())).toEqual(['app', 'pw', '5432'])
    await expect(config.getMany(fields)).rejects.toMatchObject({ rule: 'secret-read', key: '/s/db#user' })
    await expect(config.getSecret('/s/db#nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(backend.stats().calls).toMatchObject({ get: 1, getMany: 0 })
    await config.close()
  })
})
