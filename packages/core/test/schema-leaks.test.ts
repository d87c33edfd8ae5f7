import { inspect } from 'node:util'
import { escapeRichSecret, leaksIn, quotings } from '@paramkit/test-support/leak-forms'
import { type } from 'arktype'
import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createConfig, SchemaError, Secret, type StandardSchemaV1, secretValue } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

/** What a schema sees at a secret's path is a Secret; these validators open it on purpose, then quote it. */
const plaintext = (value: unknown) => (Secret.is(value) ? String(value.reveal()) : String(value))
const secretOf = (tree: unknown) => plaintext((tree as { db: { password: unknown } }).db.password)

/** Schemas whose messages (or thrown errors) quote the secret, one per validator family. */
const quotingSchemas: Record<string, StandardSchemaV1> = {
  'a hand-written Standard Schema': {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (tree) => ({
        issues: quotings(secretOf(tree)).map((message) => ({ message, path: ['db', 'password'] })),
      }),
    },
  },
  'zod superRefine': z.object({ db: z.object({ password: z.unknown() }) }).superRefine((tree, ctx) => {
    for (const message of quotings(secretOf(tree))) ctx.addIssue({ code: 'custom', message })
  }),
  'zod transform that throws (new URL)': z.object({
    db: z.object({ password: z.unknown().transform((s) => new URL(`https://u:${plaintext(s)}@[`)) }),
  }),
  'valibot check': v.pipe(
    v.object({ db: v.object({ password: v.unknown() }) }),
    v.check(
      () => false,
      (issue) => quotings(secretOf(issue.input)).join(' | '),
    ),
  ),
  'arktype literal via secretValue': type({ db: { password: secretValue(type("'expected-literal'")) } }),
  'zod refine via secretValue': type({
    db: {
      password: secretValue(
        z.string().refine(() => false, { error: (i) => `got ${JSON.stringify(i.input)}` }),
      ),
    },
  }),
}

describe('schema errors never carry a secret, in any form', () => {
  for (const [name, schema] of Object.entries(quotingSchemas)) {
    it(`${name}: message, issues, JSON.stringify and util.inspect`, async () => {
      await fc.assert(
        fc.asyncProperty(escapeRichSecret, async (password) => {
          const backend = stubBackend()
          backend.set('/prod/api/db/password', password, 'SecureString')
          backend.set('/prod/api/db/host', 'db.internal')
          const config = createConfig({ backend, env: 'prod', service: 'api' })
          const error = await config.load(schema).then(
            () => undefined,
            (e: unknown) => e,
          )
          expect(error).toBeInstanceOf(SchemaError)
          const schemaError = error as SchemaError
          expect(schemaError.issues.length).toBeGreaterThan(0)
          const texts = [
            schemaError.message,
            schemaError.stack ?? '',
            JSON.stringify(schemaError.issues),
            JSON.stringify(schemaError),
            inspect(schemaError, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
          ].join('\n')
          expect(leaksIn(texts, password)).toEqual([])
          await config.close()
        }),
        { numRuns: 40 },
      )
    })
  }
})
