import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createConfig, Secret } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'
import { cli, cryptoDetail, orderApi, orderApiFixture, scratch } from './support/run.js'

const memory = ['--backend', `memory:${orderApiFixture}`, ...orderApi]

describe('every command against a memory fixture', () => {
  it('get resolves through the fallbacks and says which level answered', async () => {
    const own = await cli([...memory, 'get', 'database/host'])
    expect(own).toMatchObject({ code: 0, stdout: 'orders-db.prod.internal\n' })
    expect(own.stderr).toContain('/prod/order-api/database/host from level /prod/order-api')
    const shared = await cli([...memory, 'get', 'config/region', '--json'])
    expect(JSON.parse(shared.stdout)).toMatchObject({
      key: 'config/region',
      name: '/shared/config/region',
      level: '/shared',
      fallback: true,
      value: 'us-east-1',
      redacted: false,
      tried: ['/prod/order-api/config/region', '/prod/shared/config/region', '/shared/config/region'],
    })
  })

  it('get shows a secret as [redacted] unless --reveal, in text and JSON', async () => {
    const hidden = await cli([...memory, 'get', 'database/password'])
    expect(hidden.stdout).toBe('[redacted]\n')
    expect(hidden.stdout + hidden.stderr).not.toContain('prd-Pw-e41d03')
    const json = JSON.parse((await cli([...memory, 'get', 'database/password', '--json'])).stdout)
    expect(json).toMatchObject({ type: 'SecureString', sensitive: true, value: null, redacted: true })
    expect((await cli([...memory, 'get', 'database/password', '--reveal'])).stdout).toBe('prd-Pw-e41d03\n')
  })

  it('ls lists the merged tree with levels, values hidden; --values shows plain ones only', async () => {
    const ls = await cli([...memory, 'ls'])
    expect(ls.code).toBe(0)
    const lines = ls.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^KEY\s+TYPE\s+VERSION\s+MODIFIED\s+FROM$/)
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      'config/allowed_currencies',
      'config/feature_flag_v2',
      'config/log_level',
      'config/region',
      'database/connection_string',
      'database/host',
      'database/password',
      'database/port',
      'database/username',
      'http/timeout_ms',
      'stripe/api_key',
    ])
    expect(ls.stdout).toMatch(/http\/timeout_ms\s+String\s+1\s+\S+\s+\/prod\/shared/)
    const values = await cli([...memory, 'ls', 'database', '--values'])
    expect(values.stdout).toMatch(/database\/host .* orders-db\.prod\.internal/)
    expect(values.stdout).toMatch(/database\/password .* \[redacted\]/)
    expect(values.stdout).not.toContain('prd-Pw')
    const json = JSON.parse((await cli([...memory, 'ls', 'stripe', '--json'])).stdout)
    expect(json).toEqual({
      path: 'stripe',
      levels: ['/prod/order-api/stripe', '/prod/shared/stripe', '/shared/stripe'],
      entries: [
        {
          key: 'stripe/api_key',
          name: '/prod/order-api/stripe/api_key',
          type: 'SecureString',
          version: '1',
          lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          sensitive: true,
          level: '/prod/order-api',
          value: null,
        },
      ],
    })
  })

  it('tree draws the hierarchy; --json nests nodes with entries', async () => {
    const tree = await cli([...memory, 'tree', 'config'])
    expect(tree.stdout.split('\n').slice(0, 3)).toEqual([
      '/prod/order-api/config + /prod/shared/config + /shared/config',
      '└── config',
      '    ├── allowed_currencies  StringList v1 from /shared',
    ])
    const json = JSON.parse((await cli([...memory, 'tree', '--json', '--reveal'])).stdout)
    const database = json.tree.children.find((c: { name: string }) => c.name === 'database')
    const password = database.children.find((c: { name: string }) => c.name === 'password')
    expect(password.entry).toMatchObject({ type: 'SecureString', value: 'prd-Pw-e41d03' })
  })

  it('pull → memoryBackend.fromFile → createConfig reproduces the tree, secrets as placeholders', async () => {
    const { dir } = scratch()
    const out = join(dir, 'pulled.json')
    const pull = await cli([...memory, 'pull', '--out', out])
    expect(pull).toMatchObject({ code: 0 })
    expect(pull.stdout).toContain('pulled 13 entries from /prod/order-api, /prod/shared, /shared')
    expect(readFileSync(out, 'utf8')).not.toMatch(/prd-Pw|sk_live/)
    const options = { env: 'prod', service: 'order-api', fallbacks: ['/{env}/shared', '/shared'] }
    const original = createConfig({ backend: await memoryBackend.fromFile(orderApiFixture), ...options })
    const copy = createConfig({ backend: await memoryBackend.fromFile(out), ...options })
    // Same tree, same types; where the original holds a Secret the copy holds a Secret of its placeholder.
    const expected = reveal(await original.load(), (name) => `<placeholder:${name}>`)
    expect(reveal(await copy.load(), (_, secret) => secret.reveal())).toEqual(expected)
    expect((await copy.getSecret('database/password')).reveal()).toBe(
      '<placeholder:/prod/order-api/database/password>',
    )
    expect((await copy.getEntry('database/password')).type).toBe('SecureString')
    await Promise.all([original.close(), copy.close()])
  })

  it('pull --secrets include writes the values, mode 600, and says so', async () => {
    const { dir } = scratch()
    const out = join(dir, 'with-secrets.json')
    const pull = await cli([...memory, 'pull', 'database', '--out', out, '--secrets', 'include', '--json'])
    expect(JSON.parse(pull.stdout)).toEqual({
      file: out,
      entries: 5,
      secrets: 2,
      secretsMode: 'include',
      levels: ['/prod/order-api/database', '/prod/shared/database', '/shared/database'],
    })
    expect(pull.stderr).toContain('holds secret values')
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const copy = await memoryBackend.fromFile(out)
    expect((await copy.get('/prod/order-api/database/password')).value).toBe('prd-Pw-e41d03')
  })

  it('push into a memory fixture plans, writes, and a second run changes nothing', async () => {
    const { dir, fixture } = scratch()
    const target = join(dir, 'target.json')
    writeFileSync(target, JSON.stringify({ '/prod/order-api/database/host': 'old-host' }))
    const into = ['--backend', `memory:${target}`]
    const dry = await cli([...into, 'push', fixture, '--dry-run'])
    expect(dry.stdout).toContain('plan: 28 create, 0 update, 0 unchanged, 1 skipped')
    expect(dry.stdout).toMatch(
      /skipped\s+\/prod\/order-api\/database\/host\s+String\s+exists with another value/,
    )
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ '/prod/order-api/database/host': 'old-host' })
    const first = await cli([...into, 'push', fixture, '--overwrite'])
    expect(first.stdout).toContain('plan: 28 create, 1 update, 0 unchanged, 0 skipped')
    expect(first.stdout).toContain('wrote 29 of 29')
    const second = await cli([...into, 'push', fixture, '--overwrite', '--json'])
    expect(JSON.parse(second.stdout)).toMatchObject({
      summary: { create: 0, update: 0, unchanged: 29, skipped: 0 },
      written: 0,
      failed: [],
    })
    const pushed = await memoryBackend.fromFile(target)
    expect((await pushed.get('/prod/order-api/database/host')).value).toBe('orders-db.prod.internal')
    expect((await pushed.get('/staging/order-api/database/password')).type).toBe('SecureString')
  })

  it('diff names missing, extra, type and value differences, secrets only by keyed hash', async () => {
    const { dir } = scratch()
    const file = join(dir, 'envs.json')
    writeFileSync(
      file,
      JSON.stringify({
        '/a/app': {
          same: 'x',
          changed: 'one',
          gone: 'g',
          retyped: 'r',
          pw: { type: 'SecureString', value: 'pw-a' },
        },
        '/b/app': {
          same: 'x',
          changed: 'two',
          added: 'n',
          retyped: ['r'],
          pw: { type: 'SecureString', value: 'pw-b' },
        },
      }),
    )
    const run = await cli([
      '--backend',
      `memory:${file}`,
      '--service',
      'app',
      'diff',
      'a',
      'b',
      '--values',
      '--json',
    ])
    expect(JSON.parse(run.stdout).differences).toEqual([
      { key: 'added', kind: 'extra', types: { a: null, b: 'String' }, secret: false },
      {
        key: 'changed',
        kind: 'value',
        types: { a: 'String', b: 'String' },
        secret: false,
        values: { a: 'one', b: 'two' },
      },
      { key: 'gone', kind: 'missing', types: { a: 'String', b: null }, secret: false },
      { key: 'pw', kind: 'value', types: { a: 'SecureString', b: 'SecureString' }, secret: true },
      { key: 'retyped', kind: 'type', types: { a: 'String', b: 'StringList' }, secret: false },
    ])
    const text = await cli(['--backend', `memory:${file}`, '--service', 'app', 'diff', 'a', 'b', '--values'])
    expect(text.stdout).toContain('pw  (secret; values differ)')
    expect(text.stdout + text.stderr).not.toMatch(/pw-a|pw-b/)
    expect(text.stdout).toContain('5 difference(s)')
    const same = await cli([
      '--backend',
      `memory:${orderApiFixture}`,
      '--service',
      'order-api',
      'diff',
      'prod',
      'prod',
    ])
    expect(same.stdout).toContain('no differences')
  })

  it('exec runs a command with the tree as variables and passes its exit code', async () => {
    const script =
      'console.log([process.env.DATABASE_HOST, process.env.HTTP_TIMEOUT_MS, process.env.DATABASE_PASSWORD].join(" ")); process.exit(3)'
    const run = await cli([...memory, 'exec', '--', process.execPath, '-e', script])
    expect(run.code).toBe(3)
    expect(run.stdout).toBe('orders-db.prod.internal 3000 prd-Pw-e41d03\n')
    expect(run.stderr).not.toContain('prd-Pw')
  })

  it('exec reports keys that map to one variable and uses the first', async () => {
    const { dir } = scratch()
    const file = join(dir, 'collide.json')
    writeFileSync(
      file,
      JSON.stringify({
        '/p/app': {
          'db-host': 'dash',
          db: { host: 'slash' },
          secret: { type: 'SecureString', value: 's3cret' },
        },
      }),
    )
    const run = await cli([
      '--backend',
      `memory:${file}`,
      '--prefix',
      '/p/app',
      'exec',
      '--',
      process.execPath,
      '-e',
      'console.log(process.env.DB_HOST)',
    ])
    expect(run.stdout).toBe('dash\n')
    expect(run.stderr).toBe('warning: DB_HOST comes from db-host, db/host; using db-host\n')
  })

  it('ls under a path that holds nothing says so on stderr', async () => {
    const result = await cli([...memory, 'ls', 'nothing/here'])
    expect(result).toMatchObject({ code: 0, stdout: '' })
    expect(result.stderr).toBe(
      'nothing under /prod/order-api/nothing/here, /prod/shared/nothing/here, /shared/nothing/here\n',
    )
  })

  it('exec of a command that does not exist is an error naming it', async () => {
    const result = await cli([...memory, 'exec', '--', 'paramkit-no-such-command'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error: cannot run "paramkit-no-such-command": ENOENT (hint: check the command name and PATH)\n',
    )
  })

  it('doctor checks that the fixture loads', async () => {
    const run = await cli([...memory, 'doctor', '--json'])
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      checks: [
        { check: 'memory fixture', status: 'ok', detail: `${orderApiFixture}: 29 entries` },
        { check: 'cache crypto', status: 'ok', detail: cryptoDetail },
      ],
    })
  })
})

/** A loaded tree with every Secret replaced by `secret(name)`, for comparing two trees. */
function reveal(
  tree: unknown,
  secret: (name: string, value: Secret<string>) => string,
  path = '/prod/order-api',
): unknown {
  if (Secret.is(tree)) return secret(path, tree as Secret<string>)
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return tree
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, reveal(v, secret, `${path}/${k}`)]))
}
