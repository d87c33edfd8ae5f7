import { inspect } from 'node:util'
import { leaksIn } from '@paramkit/test-support/leak-forms'
import { type } from 'arktype'
import * as v from 'valibot'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createConfig, SchemaError, Secret, type StandardSchemaV1, secretValue } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

const URL_SECRET = 'postgres://app:p"w\\x%41é@db.internal:5432/orders'

// biome-ignore lint/suspicious/noExplicitAny: a transform takes whatever each validator hands it
type Fn = (value: any) => unknown
/** The same shapes in each validator: a secret leaf (with a transform), a plain string leaf, an object. */
interface Vendor {
  secret(transform?: Fn): StandardSchemaV1
  string(transform: Fn): StandardSchemaV1
  object(shape: Record<string, StandardSchemaV1>, transform?: Fn): StandardSchemaV1
}

const vendors: Record<string, Vendor> = {
  zod: {
    secret: (t) => (t ? z.custom<Secret>(Secret.is).transform(t) : z.custom<Secret>(Secret.is)),
    string: (t) => z.string().transform(t),
    object: (shape, t) => {
      const object = z.object(shape as z.ZodRawShape)
      return t ? object.transform(t) : object
    },
  },
  valibot: {
    secret: (t) => (t ? v.pipe(v.custom<Secret>(Secret.is), v.transform(t)) : v.custom<Secret>(Secret.is)),
    string: (t) => v.pipe(v.string(), v.transform(t)),
    object: (shape, t) => {
      const object = v.object(shape as v.ObjectEntries)
      return t ? v.pipe(object, v.transform(t)) : object
    },
  },
  arktype: {
    secret: (t) => (t ? type.instanceOf(Secret).pipe(t) : type.instanceOf(Secret)),
    string: (t) => type('string').pipe(t),
    object: (shape, t) => {
      const object = type(shape as never) as unknown as { pipe(f: Fn): StandardSchemaV1 } & StandardSchemaV1
      return t ? object.pipe(t) : object
    },
  },
}

/** Loads with `schema`; the client stays open (its keys open the Secrets) until the test ends. */
const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()))
})

async function loadWith(schema: StandardSchemaV1) {
  const backend = stubBackend()
  backend.set('/prod/api/database/url', URL_SECRET, 'SecureString')
  backend.set('/prod/api/database/host', 'db.internal')
  const config = createConfig({ backend, env: 'prod', service: 'api' })
  open.push(config)
  return config.load(schema).then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error: error as SchemaError }),
  )
}

const shown = (value: unknown) =>
  `${JSON.stringify(value)}\n${inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })}`

const reveal = (s: Secret<string>) => s.reveal()

describe('load(schema) output never holds a secret outside a Secret', () => {
  for (const [name, vendor] of Object.entries(vendors)) {
    const root = (database: StandardSchemaV1) => vendor.object({ database })
    const refused: Record<string, [StandardSchemaV1, string]> = {
      'a string rule on a secret (it arrives as a Secret)': [
        root(vendor.object({ url: vendor.string((s: string) => new URL(s)) })),
        'database.url',
      ],
      'new URL(secret.reveal())': [
        root(vendor.object({ url: vendor.secret((s) => new URL(reveal(s))) })),
        'database.url',
      ],
      'secret.reveal().split(":")': [
        root(vendor.object({ url: vendor.secret((s) => reveal(s).split(':')) })),
        'database.url',
      ],
      'a renamed key holding the revealed secret': [
        root(
          vendor.object({ url: vendor.secret(), host: vendor.string((s) => s) }, (o) => ({
            dsn: reveal(o.url),
          })),
        ),
        'database.dsn',
      ],
      'a Buffer of the secret under another key': [
        root(
          vendor.object({ url: vendor.secret(), host: vendor.string((s) => s) }, (o) => ({
            host: o.host,
            bytes: Buffer.from(reveal(o.url)),
          })),
        ),
        'database.bytes',
      ],
    }
    for (const [what, [schema, path]] of Object.entries(refused)) {
      it(`${name}: ${what} is refused with a SchemaError naming ${path}`, async () => {
        const { value, error } = await loadWith(schema)
        expect(value).toBeUndefined()
        expect(error).toBeInstanceOf(SchemaError)
        expect(error!.issues.map((i) => i.path)).toContain(path)
        expect(leaksIn(shown(error) + error!.message, URL_SECRET)).toEqual([])
      })
    }

    it(`${name}: a moved Secret stays a Secret, and a string or Buffer made at the secret's path is sealed again`, async () => {
      const moved = await loadWith(root(vendor.object({ url: vendor.secret() }, (o) => ({ dsn: o.url }))))
      const resealed = await loadWith(
        root(
          vendor.object({
            url: vendor.secret((s) => Buffer.from(reveal(s))),
            host: vendor.string((s) => s),
          }),
        ),
      )
      const trimmed = await loadWith(
        root(vendor.object({ url: vendor.secret((s) => ` ${reveal(s)} `.trim()) })),
      )
      for (const outcome of [moved, resealed, trimmed]) {
        expect(outcome.error).toBeUndefined()
        expect(leaksIn(shown(outcome.value), URL_SECRET)).toEqual([])
      }
      const dsn = (moved.value as { database: { dsn: Secret<string> } }).database.dsn
      expect(dsn.reveal()).toBe(URL_SECRET)
      const bytes = (resealed.value as { database: { url: Secret<Uint8Array> } }).database.url
      expect(Secret.is(bytes)).toBe(true)
      expect(Buffer.from(bytes.reveal()).toString()).toBe(URL_SECRET)
      expect((trimmed.value as { database: { url: Secret<string> } }).database.url.reveal()).toBe(URL_SECRET)
    })
  }
})

describe('secretValue()', () => {
  it('checks the plaintext with any validator, as a predicate or as a Standard Schema', async () => {
    const password = new Secret('hunter2-but-longer')
    const rules = [z.string().min(8), v.pipe(v.string(), v.minLength(8)), type('string >= 8')]
    for (const rule of rules) {
      const check = secretValue(rule)
      expect(check.check(password)).toBe(true)
      expect(check.check(new Secret('short'))).toBe(false)
      expect(check.check('hunter2-but-longer')).toBe(false)
      const ok = await check['~standard'].validate(password)
      expect(ok).toEqual({ value: password })
      const bad = await check['~standard'].validate(new Secret('sh"ort'))
      expect(bad.issues?.length).toBe(1)
      expect(JSON.stringify(bad.issues)).not.toMatch(/sh\\?"ort/)
      const notSecret = await check['~standard'].validate('hunter2-but-longer')
      expect(notSecret.issues?.[0]?.message).toMatch(/expected a secret/)
    }
  })

  it('refuses an inner output that is not a string, number or bytes, and cannot run async rules as a predicate', async () => {
    const toUrl = secretValue(z.string().transform((s) => new URL(s)))
    const result = await toUrl['~standard'].validate(new Secret(URL_SECRET))
    expect(result.issues?.[0]?.message).toMatch(/must stay a string/)
    const slow = secretValue(z.string().refine(async () => true))
    expect(() => slow.check(new Secret('x'))).toThrow(/synchronous/)
  })
})
