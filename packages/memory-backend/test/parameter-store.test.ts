import { NotFoundError, ValidationError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'

const rule = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).rule
}

describe('Parameter Store semantics', () => {
  it('keeps the last 100 versions; version numbers are never reused', async () => {
    const backend = memoryBackend()
    for (let i = 1; i <= 105; i++) await backend.put('/p/v', `value-${i}`, { overwrite: true })
    expect(await backend.get('/p/v')).toMatchObject({ value: 'value-105', version: '105' })
    expect((await backend.get('/p/v:6')).value).toBe('value-6')
    await expect(backend.get('/p/v:5')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('refuses a 101st version while the oldest carries a label', async () => {
    const backend = memoryBackend()
    for (let i = 1; i <= 100; i++) await backend.put('/p/v', `value-${i}`, { overwrite: true })
    await backend.label('/p/v', 1, ['pinned'])
    expect(await rule(backend.put('/p/v', 'value-101', { overwrite: true }))).toBe('max-versions')
  })

  it('allows at most 10 labels per version and enforces label rules', async () => {
    const backend = memoryBackend()
    await backend.put('/p/l', 'x')
    await backend.label(
      '/p/l',
      1,
      Array.from({ length: 10 }, (_, i) => `l${i}`),
    )
    expect(await rule(backend.label('/p/l', 1, ['eleven']))).toBe('max-labels')
    expect(await rule(backend.label('/p/l', 1, ['1abc']))).toBe('label-leading-digit')
    expect(await rule(backend.label('/p/l', 1, ['awsx']))).toBe('label-reserved-prefix')
    await expect(backend.label('/p/l', 7, ['ok'])).rejects.toBeInstanceOf(NotFoundError)
  })

  it('takes tags only on create', async () => {
    const backend = memoryBackend()
    await backend.put('/p/t', 'x', { tags: { team: 'orders' } })
    expect(await rule(backend.put('/p/t', 'y', { overwrite: true, tags: { team: 'x' } }))).toBe(
      'tags-on-overwrite',
    )
    expect(backend.snapshot()['/p/t']).toMatchObject({ tags: { team: 'orders' } })
  })

  it('enforces 4 KB Standard and 8 KB Advanced values, picking the tier like Intelligent-Tiering', async () => {
    const backend = memoryBackend()
    await backend.put('/p/standard', 'x'.repeat(4096), { tier: 'Standard' })
    expect(await rule(backend.put('/p/standard2', 'x'.repeat(4097), { tier: 'Standard' }))).toBe(
      'max-value-size',
    )
    await backend.put('/p/auto', 'x'.repeat(4097))
    expect(backend.snapshot()['/p/auto']).toMatchObject({ tier: 'Advanced' })
    await backend.put('/p/adv', 'é'.repeat(4096), { tier: 'Advanced' })
    expect(await rule(backend.put('/p/big', 'é'.repeat(4097), { tier: 'Advanced' }))).toBe('max-value-size')
    expect(await rule(backend.put('/p/empty', ''))).toBe('empty-value')
    const standardOnly = memoryBackend({ defaultTier: 'Standard' })
    expect(await rule(standardOnly.put('/p/x', 'x'.repeat(5000)))).toBe('max-value-size')
  })

  it('enforces name rules on writes: levels, length, characters, reserved prefixes', async () => {
    const backend = memoryBackend()
    expect(await rule(backend.put(`/${Array.from({ length: 16 }, () => 'a').join('/')}`, 'x'))).toBe(
      'max-levels',
    )
    expect(await rule(backend.put(`/${'a'.repeat(1011)}`, 'x'))).toBe('max-length')
    expect(await rule(backend.put('/a b', 'x'))).toBe('characters')
    expect(await rule(backend.put('/aws/reference/secretsmanager/x', 'x'))).toBe('reserved-prefix')
    expect(await rule(backend.put('/p/x:3', 'x'))).toBe('selector-not-allowed')
    expect(backend.stats().calls.put).toBe(0)
  })

  it('returns SecureString decrypted by default and as ciphertext without decryption', async () => {
    const backend = memoryBackend()
    await backend.put('/p/s', 'hunter2', { type: 'SecureString' })
    expect((await backend.get('/p/s')).value).toBe('hunter2')
    const raw = await backend.get('/p/s', { withDecryption: false })
    expect(raw.value).not.toContain('hunter2')
    expect(raw.sensitive).toBe(true)
  })

  it('getMany splits into batches of 10 and sorts names into found, missing and invalid', async () => {
    const backend = memoryBackend()
    for (let i = 0; i < 23; i++) await backend.put(`/p/m${i}`, `v${i}`)
    backend.resetStats()
    const names = [...Array.from({ length: 23 }, (_, i) => `/p/m${i}`), '/p/none', '/bad name', '/p/m1:99']
    const result = await backend.getMany(names)
    expect(result.entries).toHaveLength(23)
    expect(result.missing.sort()).toEqual(['/p/m1:99', '/p/none'])
    expect(result.invalid).toEqual(['/bad name'])
    expect(backend.stats().calls.getMany).toBe(3)
  })

  it('lists one level or all levels, in pages of at most 10 with a continuation token', async () => {
    const backend = memoryBackend()
    for (let i = 0; i < 12; i++) await backend.put(`/svc/k${String(i).padStart(2, '0')}`, 'v')
    await backend.put('/svc/deep/x', 'v')
    backend.resetStats()
    const pages = []
    for await (const page of backend.list('/svc', { recursive: false })) pages.push(page)
    expect(pages.map((p) => p.entries.length)).toEqual([10, 2])
    expect(pages[0]!.nextToken).toEqual(expect.any(String))
    expect(backend.stats().calls.list).toBe(2)
    let count = 0
    for await (const page of backend.list('/', { pageSize: 50 })) count += page.entries.length
    expect(count).toBe(13)
    await expect(backend.list('svc')[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(ValidationError)
  })

  it('keeps parameters and secrets from sharing a name', async () => {
    const backend = memoryBackend()
    await backend.put('/p/x', 'v')
    expect(await rule(backend.put('/p/x', 'v', { type: 'Secret' }))).toBe('type-conflict')
    await backend.put('/p/s', 'v', { type: 'Secret' })
    expect(await rule(backend.put('/p/s', 'v', { type: 'String', overwrite: true }))).toBe('type-conflict')
    expect(await rule(backend.put('/p/b', new Uint8Array([1]), { type: 'String' }))).toBe('binary-parameter')
  })
})
