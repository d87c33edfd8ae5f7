import { inspect } from 'node:util'
import { escapeRichSecret, leaksIn, quotings } from '@paramkit/test-support/leak-forms'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createConfig, SchemaError, type StandardSchemaV1 } from '../src/index.js'
import { SecretForms } from '../src/secret-forms.js'
import { stubBackend } from './support/stub-backend.js'

/** A schema that fails a plain value, quoting it: its message goes through the scrubber. */
const failPlain: StandardSchemaV1 = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (tree) => ({
      issues: [
        {
          message: `bad ${JSON.stringify((tree as { a: { plain: unknown } }).a.plain)}`,
          path: ['a', 'plain'],
        },
      ],
    }),
  },
}

describe('scrubbing takes linear time (no backtracking regex built from secret text)', () => {
  it('the reported input: a secret of 8 backslashes and x, a failing plain value of 24 backslashes', async () => {
    const backend = stubBackend()
    backend.set('/prod/api/a/secret', `${'\\'.repeat(8)}x`, 'SecureString')
    backend.set('/prod/api/a/plain', '\\'.repeat(24))
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const error = await config.load(failPlain).catch((e: unknown) => e)
    expect(SchemaError.is(error)).toBe(true)
    await config.close()
  }, 10_000)

  it('longer pathological inputs still finish: secrets of backslashes, text of backslashes', () => {
    const forms = new SecretForms([
      `${'\\'.repeat(30)}x`,
      `a${'\\'.repeat(20)}b`,
      `%${'\\'.repeat(20)}`,
      '\\u'.repeat(20),
    ])
    for (const text of [
      '\\'.repeat(100_000),
      '\\u'.repeat(50_000),
      '%5C'.repeat(30_000),
      'a\\'.repeat(50_000),
    ])
      expect(typeof forms.scrub(text)).toBe('string')
  }, 10_000)

  it('still finds every quoting of escape-rich secrets, and leaves other text alone', () => {
    fc.assert(
      fc.property(escapeRichSecret, (secret) => {
        const forms = new SecretForms([secret])
        for (const quoted of quotings(secret)) {
          const scrubbed = forms.scrub(`before ${quoted} after`)
          expect(leaksIn(scrubbed, secret)).toEqual([])
          expect(scrubbed).toContain('[redacted]')
          expect(forms.foundIn(quoted)).toBe(true)
        }
        expect(forms.scrub(inspect({ deep: { value: secret } }))).not.toContain(secret)
        expect(forms.scrub('database host db.internal, port 5432')).toBe(
          'database host db.internal, port 5432',
        )
        expect(forms.foundIn('nothing here')).toBe(false)
      }),
      { numRuns: 200 },
    )
  })

  it('finds escapes in any case and any number of backslashes', () => {
    const forms = new SecretForms(['pässwörd"1'])
    for (const text of [
      'p\\u00e4ssw\\u00F6rd\\"1',
      'p\\\\\\\\u00e4ssw\\\\\\\\u00f6rd\\\\\\\\\\\\\\"1',
      'p%C3%A4ssw%c3%b6rd%221',
      'p\\xe4ssw\\xF6rd\\x221',
      'p\\u{e4}ssw\\u{0f6}rd"1',
    ])
      expect(forms.scrub(`x ${text} y`)).toBe('x [redacted] y')
  })
})
