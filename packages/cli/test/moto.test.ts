import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createConfig, routeBackends, Secret } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import { beforeAll, describe, expect, it } from 'vitest'
import { motoClients, writeCalls } from './support/moto.js'
import { cli, orderApiFixture, orderApiIn, scratch } from './support/run.js'

const moto = motoClients()
const env = { AWS_REGION: 'us-east-1' }
// Staging's password and Stripe key live in Secrets Manager; everything else in Parameter Store.
const routed = [
  '--backend',
  'routed',
  '--route-secrets',
  'database/password',
  '--route-secrets',
  'stripe/api_key',
  ...orderApiIn('staging'),
]
const run = (argv: string[]) => cli([...routed, ...argv], { env, deps: moto.deps })

describe('every command against moto, through the real SDK', () => {
  beforeAll(async () => {
    moto.reset()
    const push = await run(['push', orderApiFixture])
    expect(push.code, push.stderr).toBe(0)
  })

  it('push seeded both services; a second push plans all unchanged and sends no write', async () => {
    // beforeAll's push: 27 parameters and 2 secrets.
    expect(moto.calls()).toMatchObject({ PutParameterCommand: 27, CreateSecretCommand: 2 })
    moto.reset()
    const again = await run(['push', orderApiFixture, '--json'])
    expect(JSON.parse(again.stdout)).toMatchObject({
      summary: { create: 0, update: 0, unchanged: 29, skipped: 0 },
      written: 0,
    })
    expect(writeCalls(moto.calls())).toBe(0)
    expect(moto.calls()).toEqual({
      GetParametersCommand: 3,
      BatchGetSecretValueCommand: 1,
      ListSecretsCommand: 1,
    })
  })

  it('get reads each key from the service that owns it and says which level answered', async () => {
    const password = JSON.parse((await run(['get', 'database/password', '--json'])).stdout)
    expect(password).toMatchObject({
      name: '/staging/order-api/database/password',
      type: 'Secret',
      value: null,
      redacted: true,
    })
    expect((await run(['get', 'database/password', '--reveal'])).stdout).toBe('stg-Pw-9b2e77\n')
    const timeout = await run(['get', 'http/timeout_ms'])
    expect(timeout.stdout).toBe('5000\n')
    expect(timeout.stderr).toContain('/shared/http/timeout_ms from fallback level /shared')
  })

  it('ls and tree merge both services and all levels', async () => {
    const ls = JSON.parse((await run(['ls', '--json'])).stdout)
    const types = Object.fromEntries(ls.entries.map((e: { key: string; type: string }) => [e.key, e.type]))
    expect(types).toMatchObject({
      'database/password': 'Secret',
      'stripe/api_key': 'Secret',
      'database/connection_string': 'SecureString',
      'config/allowed_currencies': 'StringList',
      'http/timeout_ms': 'String',
    })
    expect(ls.entries).toHaveLength(11)
    const tree = await run(['tree', 'database'])
    expect(tree.stdout).toMatch(/password\s+Secret [0-9a-f]{8}$/m)
  })

  it('pull → fromFile → createConfig reproduces the tree with placeholders', async () => {
    const { dir } = scratch()
    const out = join(dir, 'staging.json')
    expect((await run(['pull', '--out', out])).code).toBe(0)
    expect(readFileSync(out, 'utf8')).not.toMatch(/stg-Pw|sk_test_stg/)
    const options = { env: 'staging', service: 'order-api', fallbacks: ['/{env}/shared', '/shared'] }
    const ssm = ssmBackend({ client: moto.clients.ssm })
    const sm = secretsManagerBackend({ client: moto.clients.secretsManager })
    const live = createConfig({
      ...options,
      backend: routeBackends([
        { prefix: '/staging/order-api/database/password', backend: sm },
        { prefix: '/staging/order-api/stripe/api_key', backend: sm },
        { backend: ssm },
      ]),
    })
    const copy = createConfig({ ...options, backend: await memoryBackend.fromFile(out) })
    const expected = placeholders(await live.load(), '/staging/order-api', true)
    expect(placeholders(await copy.load(), '/staging/order-api', false)).toEqual(expected)
    expect((await copy.getEntry('database/password')).type).toBe('Secret')
    await copy.close()
  })

  it('diff compares two environments across both services, secrets never printed', async () => {
    const json = JSON.parse((await run(['diff', 'staging', 'prod', '--json'])).stdout)
    const byKey = Object.fromEntries(json.differences.map((d: { key: string }) => [d.key, d]))
    expect(byKey['database/password']).toEqual({
      key: 'database/password',
      kind: 'type',
      types: { a: 'Secret', b: 'SecureString' },
      secret: true,
    })
    expect(byKey['database/connection_string']).toMatchObject({ kind: 'value', secret: true })
    expect(byKey['http/timeout_ms']).toMatchObject({ kind: 'value', secret: false })
    const text = await run(['diff', 'staging', 'prod', '--values'])
    expect(text.stdout).toContain('http/timeout_ms  "5000" → "3000"')
    expect(text.stdout).not.toMatch(/stg-Pw|prd-Pw|sk_/)
  })

  it('exec hands the child secrets from Secrets Manager and SecureStrings, decrypted', async () => {
    const script =
      'console.log(process.env.DATABASE_PASSWORD, process.env.DATABASE_CONNECTION_STRING.length, process.env.CONFIG_ALLOWED_CURRENCIES)'
    const result = await run(['exec', '--', process.execPath, '-e', script])
    expect(result).toMatchObject({ code: 0, stdout: 'stg-Pw-9b2e77 73 usd,eur,gbp\n' })
  })

  it('doctor checks region, credentials, reachability and permissions with harmless calls', async () => {
    moto.reset()
    const result = await run(['doctor', '--json'])
    expect(result.code, result.stdout).toBe(0)
    const checks = JSON.parse(result.stdout).checks.map(
      (c: { check: string; status: string }) => `${c.status} ${c.check}`,
    )
    expect(checks).toEqual([
      'ok region',
      'ok credentials',
      'ok ssm reachable',
      'ok ssm:GetParametersByPath',
      'ok ssm:GetParametersByPath',
      'ok ssm:GetParametersByPath',
      'ok kms:Decrypt',
      'ok secrets-manager reachable',
      'ok secretsmanager:GetSecretValue',
      'ok secretsmanager:GetSecretValue',
      'ok secretsmanager:GetSecretValue',
      'ok cache crypto',
    ])
    expect(writeCalls(moto.calls())).toBe(0)
    expect(moto.calls()).toMatchObject({
      GetCallerIdentityCommand: 1,
      GetParametersByPathCommand: 3,
      GetParameterCommand: 1,
      GetSecretValueCommand: 3,
    })
  })
})

/** A loaded tree with each Secret as `<placeholder:NAME>` (from its path) or as its own value. */
function placeholders(tree: unknown, path: string, fromPath: boolean): unknown {
  if (Secret.is(tree)) return fromPath ? `<placeholder:${path}>` : (tree as { reveal(): string }).reveal()
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return tree
  return Object.fromEntries(
    Object.entries(tree).map(([k, v]) => [k, placeholders(v, `${path}/${k}`, fromPath)]),
  )
}
