import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { parseArn } from '../src/arn.js'
import { createConfig, routeBackends, ValidationError } from '../src/index.js'
import { KeyResolver } from '../src/resolver.js'
import { type StubBackend, stubBackend } from './support/stub-backend.js'

const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov')
const region = fc.constantFrom('us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2', 'us-gov-west-1')
const account = fc.stringMatching(/^\d{12}$/)
const level = fc.stringMatching(/^[a-zA-Z0-9_.-]{1,12}$/)
const parameterArn = fc
  .record({ partition, region, account, levels: fc.array(level, { minLength: 1, maxLength: 4 }) })
  .map((p) => ({
    ...p,
    arn: `arn:${p.partition}:ssm:${p.region}:${p.account}:parameter/${p.levels.join('/')}`,
  }))

const clients: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
})

function rejects(fn: () => unknown, rule: string): void {
  try {
    fn()
  } catch (error) {
    expect(ValidationError.is(error), String(error)).toBe(true)
    expect((error as ValidationError).rule).toBe(rule)
    return
  }
  expect.unreachable(`expected rule ${rule}`)
}

describe('full ARNs as keys', () => {
  it('parses every well-formed ARN into its parts', () => {
    fc.assert(
      fc.property(parameterArn, ({ arn, ...p }) => {
        expect(parseArn(arn)).toEqual({
          partition: p.partition,
          service: 'ssm',
          region: p.region,
          account: p.account,
          resource: `parameter/${p.levels.join('/')}`,
        })
      }),
    )
  })

  it('refuses a malformed ARN with rule arn-format, whatever part is broken', () => {
    const broken = parameterArn.chain(({ arn }) =>
      fc.constantFrom(
        arn.replace(/:\d{12}:/, ':12345:'),
        arn.replace(/:(us|eu|ap)-[a-z-]+-\d:/, ':nowhere:'),
        arn.replace(/^arn:[a-z-]+:/, 'arn:azure:'),
        arn.slice(0, arn.lastIndexOf(':')),
        'arn:',
      ),
    )
    fc.assert(fc.property(broken, (arn) => rejects(() => parseArn(arn), 'arn-format')))
  })

  it('resolves an ARN to itself, at no fallback level, and keys the cache by it', async () => {
    const resolver = new KeyResolver({ prefix: '/prod/api', fallbacks: ['/shared'], variables: {} })
    const arn = 'arn:aws:ssm:us-east-1:111122223333:parameter/team/db/host'
    expect(resolver.resolve(arn).candidates).toEqual([arn])
    const backend = stubBackend({ [arn]: 'shared.example' })
    const config = createConfig({ backend, env: 'prod', service: 'api', fallbacks: ['/shared'] })
    clients.push(config)
    expect(await config.get(arn)).toBe('shared.example')
    expect(await config.get(arn)).toBe('shared.example')
    expect(backend.calls.get + backend.calls.getMany).toBe(1)
  })

  it('getTree of an ARN says plainly that shared parameters are never listed, before any call', async () => {
    const backend = stubBackend()
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    clients.push(config)
    const error = await config
      .getTree('arn:aws:ssm:us-east-1:111122223333:parameter/team')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'VALIDATION', rule: 'arn-not-listable' })
    expect((error as Error).message).toMatch(/never listed.*read each by its ARN/)
    expect(backend.calls.list).toBe(0)
  })

  it('a malformed ARN key is refused before any call', async () => {
    const backend = stubBackend()
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    clients.push(config)
    await expect(config.get('arn:aws:ssm:us-east-1:42:parameter/x')).rejects.toMatchObject({
      rule: 'arn-format',
    })
    expect(backend.calls.get + backend.calls.getMany).toBe(0)
  })
})

describe('routeBackends by account and region', () => {
  function named(name: string, seed: Record<string, string>): StubBackend {
    return Object.assign(stubBackend(seed), { name })
  }

  it('sends ARNs of an account or a region to its backend, and names to the rest', async () => {
    const east = 'arn:aws:ssm:us-east-1:111122223333:parameter/team/a'
    const west = 'arn:aws:ssm:us-west-2:444455556666:parameter/team/b'
    const byAccount = named('account', { [east]: 'from-account' })
    const byRegion = named('region', { [west]: 'from-region' })
    const local = named('local', { '/prod/api/x': 'local' })
    const backend = routeBackends([
      { account: '111122223333', backend: byAccount },
      { region: 'us-west-2', backend: byRegion },
      { backend: local },
    ])
    expect((await backend.get(east)).value).toBe('from-account')
    expect((await backend.get(west)).value).toBe('from-region')
    expect((await backend.get('/prod/api/x')).value).toBe('local')
    // ARNs are never listed: a listing asks only the backend that holds names.
    for await (const _ of backend.list('/prod/api')) void _
    expect([byAccount.calls.list, byRegion.calls.list, local.calls.list]).toEqual([0, 0, 1])
  })

  it('refuses an account route without 12 digits and a region route without a region', () => {
    rejects(() => routeBackends([{ account: '1234', backend: stubBackend() }]), 'route-account')
    rejects(() => routeBackends([{ region: 'moon-1', backend: stubBackend() }]), 'route-region')
  })
})
