import { Console } from 'node:console'
import { Writable } from 'node:stream'
import { inspect } from 'node:util'
import { createConfig, SchemaError, Secret, type StandardSchemaV1 } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/** What console.log would print, captured. */
function logged(...values: unknown[]): string {
  let out = ''
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out += chunk.toString()
      done()
    },
  })
  new Console({ stdout: sink, stderr: sink }).log(...values)
  return out
}

/** Every way a value can be shown by accident. */
function renderings(value: unknown): string[] {
  return [
    logged(value),
    logged('%s %o %O %j', value, value, value, value),
    ...[0, 1, 3, Number.POSITIVE_INFINITY].map((depth) =>
      inspect(value, { depth, showHidden: true, getters: true }),
    ),
    JSON.stringify(value) ?? '',
    `${value as string}`,
    String(value),
  ]
}

/** An error, its message, JSON and inspect form, and every error along its cause chain. */
function errorRenderings(error: unknown): string[] {
  const out: string[] = []
  let current: unknown = error
  for (let depth = 0; current && depth < 10; depth++) {
    const e = current as Error
    out.push(
      e.message ?? '',
      e.stack ?? '',
      JSON.stringify(e),
      inspect(e, { depth: Number.POSITIVE_INFINITY }),
      logged(e),
    )
    current = e.cause
  }
  return out
}

// A marker prefix keeps a random value from colliding with words the renderings hold anyway (method names).
const secretValue = fc.stringMatching(/^[A-Za-z0-9!@%^&*_+=-]{6,40}$/).map((s) => `pk§${s}`)

describe('redaction', () => {
  it('a Secret never shows its value, for any value, however it is printed', () => {
    fc.assert(
      fc.property(secretValue, (value) => {
        for (const text of renderings(new Secret(value))) expect(text).not.toContain(value)
        for (const text of renderings({ nested: [{ deep: { secret: new Secret(value) } }] }))
          expect(text).not.toContain(value)
      }),
    )
  })

  it('a loaded config never shows a secret: log, inspect at any depth, JSON, templates', async () => {
    await fc.assert(
      fc.asyncProperty(secretValue, secretValue, async (password, apiKey) => {
        const backend = memoryBackend({
          seed: {
            '/prod/api': {
              db: { host: 'db.internal', password: { type: 'SecureString', value: password } },
              stripe: { api_key: { type: 'Secret', value: apiKey } },
            },
          },
        })
        const config = createConfig({ backend, env: 'prod', service: 'api' })
        const tree = await config.load()
        const secret = await config.getSecret('db/password')
        for (const shown of [tree, secret, config, config.stats()]) {
          for (const text of renderings(shown)) {
            expect(text).not.toContain(password)
            expect(text).not.toContain(apiKey)
          }
        }
        await config.close()
      }),
      { numRuns: 30 },
    )
  })

  it('error messages and cause chains never show a secret', async () => {
    await fc.assert(
      fc.asyncProperty(secretValue, async (password) => {
        const backend = memoryBackend({
          seed: {
            '/prod/api/db/password': { type: 'SecureString', value: password },
            '/prod/api/db/credentials': { type: 'Secret', value: JSON.stringify({ password }) },
          },
        })
        const config = createConfig({ backend, env: 'prod', service: 'api' })
        const schema: StandardSchemaV1 = {
          '~standard': {
            version: 1,
            vendor: 'hostile',
            // A validator that quotes the input in its messages, as some do.
            validate: (value) => ({
              issues: [{ message: `bad value ${JSON.stringify(value)}`, path: ['db', 'password'] }],
            }),
          },
        }
        const failures = await Promise.all([
          config.load(schema).catch((e: unknown) => e),
          config.getJSON('db/password').catch((e: unknown) => e),
          config.get('db/credentials#nope').catch((e: unknown) => e),
          config.getTree('db/credentials').then(() => undefined),
        ])
        expect(failures[0]).toBeInstanceOf(SchemaError)
        for (const failure of failures.filter(Boolean)) {
          for (const text of errorRenderings(failure)) expect(text).not.toContain(password)
        }
        await config.close()
      }),
      { numRuns: 30 },
    )
  })
})
