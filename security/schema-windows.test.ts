import { inspect } from 'node:util'
import { createConfig, SchemaError, Secret, type StandardSchemaV1, secretValue } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { type } from 'arktype'
import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { windowsIn } from './support/windows.js'

// Secrets in an alphabet no generated message uses (no lowercase), JSON-looking or not, 8 to 60 long.
const secretText = fc.oneof(
  fc.stringMatching(/^[A-Z0-9!#&*~^=-]{8,60}$/),
  fc.stringMatching(/^[A-Z0-9!#&*~^=-]{6,40}$/).map((s) => `{"PASSWORD":${s}"}`),
)

/** What a validator can say about a secret it was given: parsing rules quote it, length rules tell its length. */
const reveal = (value: unknown) => (Secret.is(value) ? String(value.reveal()) : value)
const zodRevealed = (rule: z.ZodType) =>
  z.object({ db: z.object({ password: z.any().transform(reveal).pipe(rule) }) })
const schemas: Record<string, StandardSchemaV1> = {
  'ArkType string.json.parse via secretValue': type({
    db: { password: secretValue(type('string.json.parse')) },
  }),
  'ArkType length via secretValue': type({ db: { password: secretValue(type('string >= 70')) } }),
  'ArkType length, revealed in a morph': type({
    db: { password: type('unknown').pipe((s) => reveal(s), type('string <= 5')) },
  }),
  'zod JSON.parse in a transform (its message passed on)': zodRevealed(
    z.string().transform((s, ctx) => {
      try {
        return JSON.parse(s)
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message })
        return z.NEVER
      }
    }),
  ),
  'zod length and literal': zodRevealed(z.string().min(70).max(5).startsWith('sk_')),
  'valibot parseJson and length via secretValue': type({
    db: { password: secretValue(v.pipe(v.string(), v.parseJson(), v.string())) },
  }),
  'valibot length, revealed': v.object({
    db: v.object({
      password: v.pipe(v.any(), v.transform(reveal), v.string(), v.minLength(70), v.value('never')),
    }),
  }),
}

describe('a schema error never carries a window of 4 or more characters of a secret', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(secretText, async (password) => {
          const backend = memoryBackend({
            seed: {
              '/prod/api/db/password': { type: 'SecureString', value: password },
              '/prod/api/db/host': 'db.internal',
            },
          })
          const config = createConfig({ backend, env: 'prod', service: 'api' })
          const error = await config.load(schema).then(
            () => undefined,
            (e: unknown) => e,
          )
          await config.close()
          expect(SchemaError.is(error)).toBe(true)
          const schemaError = error as SchemaError
          //RULECHECK
          const texts = [
            schemaError.message,
            schemaError.stack ?? '',
            JSON.stringify(schemaError),
            inspect(schemaError, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
          ].join('\n')
          expect(windowsIn(texts, password)).toEqual([])
          // Nor its length, as some validators tell it ("was 40").
          const told = `${schemaError.message}\n${JSON.stringify(schemaError.issues)}`
          expect(told).not.toMatch(new RegExp(`\\b${password.length}\\b`))
        }),
        { numRuns: 30 },
      )
    })
  }
})
