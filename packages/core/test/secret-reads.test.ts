import { describe, expect, it } from 'vitest'
import { isSecretKind, refuseSecret } from '../src/client/secret-reads.js'
import { createConfig, Secret, ValidationError } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

const PASSWORD = 'hunter2-plaintext'

function setup(cache?: { encrypt: 'all' }) {
  const backend = stubBackend()
  backend.set('/prod/api/db/password', PASSWORD, 'SecureString')
  backend.set('/prod/api/db/json', JSON.stringify({ user: 'app', password: PASSWORD }), 'SecureString')
  backend.set('/prod/api/db/list', `a,${PASSWORD}`, 'SecureString')
  backend.set('/prod/api/stripe/key', PASSWORD, 'Secret' as never, { sensitive: true })
  backend.set('/prod/api/db/host', 'db.internal')
  return createConfig({ backend, env: 'prod', service: 'api', ...(cache ? { cache } : {}) })
}

async function refusal(read: Promise<unknown>): Promise<ValidationError> {
  const error = await read.then(
    (value) => {
      throw new Error(`expected a refusal, got ${typeof value}`)
    },
    (e: unknown) => e,
  )
  expect(ValidationError.is(error)).toBe(true)
  return error as ValidationError
}

describe('plaintext reads refuse secrets (rule secret-read)', () => {
  it('get, getOptional, getJSON, getList and getMany refuse, naming the key and getSecret', async () => {
    const config = setup()
    const reads: [string, () => Promise<unknown>][] = [
      ['db/password', () => config.get('db/password')],
      ['db/password', () => config.getOptional('db/password')],
      ['db/json', () => config.getJSON('db/json')],
      ['db/list', () => config.getList('db/list')],
      ['db/password', () => config.getMany(['db/host', 'db/password'])],
      ['db/json#password', () => config.get('db/json#password')],
      ['stripe/key', () => config.get('stripe/key')],
    ]
    for (const [key, read] of reads) {
      // Twice: a cold read, then a hot one from the cache.
      for (let i = 0; i < 2; i++) {
        const error = await refusal(read())
        expect(error.rule).toBe('secret-read')
        expect(error.key).toBe(key)
        expect(error.hint).toBe(`getSecret('${key}')`)
        expect(error.message).toContain(`"${key}"`)
        expect(error.message).toContain(`getSecret('${key}')`)
        const shown = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`
        expect(shown).not.toContain(PASSWORD)
        expect(JSON.parse(JSON.stringify(error))).toMatchObject({
          rule: 'secret-read',
          hint: `getSecret('${key}')`,
        })
      }
    }
    await config.close()
  })

  it('getSecret, getTree and load still give Secrets; plain values still read', async () => {
    const config = setup()
    expect(await config.get('db/host')).toBe('db.internal')
    expect(await config.getMany(['db/host'])).toEqual({ 'db/host': 'db.internal' })
    const secret = await config.getSecret('db/password')
    expect(Secret.is(secret) && secret.reveal()).toBe(PASSWORD)
    const tree = (await config.getTree('db')) as Record<string, unknown>
    expect(Secret.is(tree.password)).toBe(true)
    const all = (await config.load()) as { db: Record<string, unknown> }
    expect(Secret.is(all.db.password)).toBe(true)
    // Read once through getSecret, the hot path still refuses get.
    expect((await refusal(config.get('db/password'))).rule).toBe('secret-read')
    await config.close()
  })

  it("with encrypt: 'all' plain Strings still read (sealed, but not secrets)", async () => {
    const config = setup({ encrypt: 'all' })
    expect(await config.get('db/host')).toBe('db.internal')
    expect(await config.get('db/host')).toBe('db.internal')
    await refusal(config.get('db/password'))
    await config.close()
  })

  it('is one check, usable by any read', () => {
    expect(isSecretKind({ type: 'String', sensitive: false })).toBe(false)
    expect(isSecretKind({ type: 'StringList', sensitive: false })).toBe(false)
    for (const kind of [
      { type: 'SecureString', sensitive: false },
      { type: 'Secret', sensitive: false },
      { type: 'String', sensitive: true },
    ])
      expect(() => refuseSecret(kind, 'k', 'getSync')).toThrow(/getSync\(\).*getSecret\('k'\)/)
  })
})
