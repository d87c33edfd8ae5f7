import { checkParameterName, validateName } from '@paramkit/aws'
import { validHierarchicalName } from '@paramkit/test-support/name-arbitraries'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const region = fc.constantFrom('us-east-1', 'us-west-2', 'eu-central-1')
const account = fc.stringMatching(/^\d{12}$/)
const arnOf = (r: string, a: string, name: string, service = 'ssm') =>
  `arn:aws:${service}:${r}:${a}:parameter/${name.startsWith('/') ? name.slice(1) : name}`

function rule(fn: () => unknown): string | undefined {
  try {
    fn()
    return undefined
  } catch (error) {
    return (error as { rule?: string }).rule
  }
}

describe('Parameter Store ARNs', () => {
  it('a valid name inside a well-formed ssm ARN is accepted, with or without a selector', () => {
    fc.assert(
      fc.property(
        region,
        account,
        validHierarchicalName,
        fc.integer({ min: 1, max: 100 }),
        (r, a, name, version) => {
          const arn = arnOf(r, a, name)
          expect(validateName(arn)).toEqual({ name: arn, selector: undefined })
          expect(validateName(`${arn}:${version}`)).toEqual({
            name: arn,
            selector: { kind: 'version', version },
          })
          expect(rule(() => checkParameterName(arn, { allowSelector: false }))).toBeUndefined()
        },
      ),
    )
  })

  it('names the broken rule: another service, a resource that is no parameter, a bad name inside, a write', () => {
    fc.assert(
      fc.property(region, account, validHierarchicalName, (r, a, name) => {
        expect(rule(() => validateName(arnOf(r, a, name, 'secretsmanager')))).toBe('arn-service')
        expect(rule(() => validateName(arnOf(r, a, name).replace(':parameter/', ':document/')))).toBe(
          'arn-resource',
        )
        expect(rule(() => validateName(`${arnOf(r, a, name)}/bad level`))).toBe('characters')
        expect(rule(() => validateName(arnOf(r, a, name), { mode: 'write' }))).toBe('arn-read-only')
        expect(rule(() => validateName(arnOf(r, '42', name)))).toBe('arn-format')
      }),
    )
  })
})
