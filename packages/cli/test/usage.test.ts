import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { motoClients } from './support/moto.js'
import { cli, cryptoDetail, orderApi, orderApiFixture, scratch } from './support/run.js'

const moto = motoClients()
const aws = { env: { AWS_REGION: 'us-east-1' }, deps: moto.deps }
const COMMANDS = ['get', 'ls', 'tree', 'pull', 'push', 'diff', 'exec', 'doctor']

describe('usage errors: one line, exit 2, before any AWS call', () => {
  const { dir } = scratch()
  const broken = join(dir, 'broken.json')
  writeFileSync(broken, '{ "/a/b": "s3cret-value", }')
  const badShape = join(dir, 'bad-shape.json')
  writeFileSync(badShape, JSON.stringify({ '/a': { b: 42 } }))

  const cases: [string, string[], RegExp][] = [
    [
      'an invalid name',
      ['--backend', 'ssm', 'get', '/bad name!'],
      /^error: Invalid parameter name "\/bad name!": .*\(rule: characters\) \(hint: full names look like \/env\/service\/key; relative keys resolve/,
    ],
    ['a reserved prefix', ['--backend', 'ssm', 'ls', '/aws-internal/x'], /rule: reserved-prefix/],
    ['too many levels', ['--backend', 'ssm', 'tree', `/${'a/'.repeat(16)}x`], /rule: max-levels/],
    [
      'an unknown backend',
      ['--backend', 'dynamo', 'get', '/a/b'],
      /^error: unknown backend "dynamo" .*\(hint: use one of: ssm, secrets-manager, routed, memory:FILE\)/,
    ],
    ['memory without a file', ['--backend', 'memory', 'ls'], /needs a fixture file: memory:FILE/],
    [
      'an unreadable fixture',
      ['--backend', 'ssm', 'push', join(dir, 'missing.json')],
      /^error: ENOENT: no such file.* \(hint: check the file path and its permissions\)$/m,
    ],
    [
      'a fixture that is not JSON (its text never quoted)',
      ['--backend', 'ssm', 'push', broken],
      /^error: \S*broken\.json: not valid JSON \((?!.*s3cret).*\(rule: json\) \(hint: a fixture maps names/,
    ],
    [
      'a fixture of the wrong shape',
      ['--backend', 'ssm', 'push', badShape],
      /bad-shape\.json at \$\["\/a"\]\["b"\]: expected a string, list or object, got number \(rule: seed-type\) \(hint: a fixture maps names/,
    ],
    [
      'routed without --route-secrets',
      ['--backend', 'routed', 'ls', '/a'],
      /--backend routed needs at least one --route-secrets KEY/,
    ],
    [
      'a template with no value',
      ['--backend', 'ssm', '--prefix', '/{env}/api', 'get', 'x'],
      /needs "env" but none was given .*\(hint: pass --env/,
    ],
    [
      'an unknown option',
      ['--backend', 'ssm', 'get', 'x', '--shout'],
      /^error: unknown option '--shout' \(hint: see 'paramkit get --help'\)/,
    ],
    [
      'a missing argument',
      ['--backend', 'ssm', 'push'],
      /^error: missing required argument 'file' \(hint: see 'paramkit push --help'\)/,
    ],
    [
      'a bad --secrets mode',
      ['--backend', 'ssm', 'pull', '/a', '--out', 'x.json', '--secrets', 'all'],
      /argument 'all' is invalid\. Allowed choices are placeholder, include/,
    ],
    [
      'exec with no command',
      ['--backend', `memory:${orderApiFixture}`, 'exec'],
      /missing required argument 'command'/,
    ],
  ]

  it.each(cases)('%s', async (_, argv, message) => {
    moto.reset()
    const result = await cli(argv, aws)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(moto.total()).toBe(0)
  })

  it('no command prints the help and exits 2; --help exits 0', async () => {
    const none = await cli([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: paramkit [options] [command]')
    expect(await cli(['--help'])).toMatchObject({ code: 0, stderr: '' })
  })
})

describe('runtime errors: exit 1, one line with a hint; stack only with --debug', () => {
  it('a key found nowhere', async () => {
    const result = await cli(['--backend', `memory:${orderApiFixture}`, ...orderApi, 'get', 'database/nope'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'error: Key "database/nope" not found; tried "/prod/order-api/database/nope", "/prod/shared/database/nope", "/shared/database/nope" (hint: check --env, --service, --prefix and --fallback; \'paramkit ls\' shows what exists)\n',
    )
  })

  it('--debug adds the stack and the causes', async () => {
    const result = await cli([
      '--backend',
      `memory:${orderApiFixture}`,
      '--debug',
      'get',
      '/prod/order-api/nope',
    ])
    expect(result.code).toBe(1)
    expect(result.stderr.split('\n')[0]).toMatch(/^error: Key "\/prod\/order-api\/nope" not found/)
    expect(result.stderr).toMatch(/\n\s+at .*\.ts:\d+/)
  })

  it('an unreachable endpoint is a runtime error that names it', async () => {
    const ssm = new SSMClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
      maxAttempts: 1,
    })
    const result = await cli(['--backend', 'ssm', 'get', '/a/b'], { deps: { clients: { ssm } } })
    expect(result.code).toBe(1)
    // @paramkit/aws names the root cause and what to do; the CLI adds no second hint.
    expect(result.stderr).toMatch(
      /^error: Parameter Store failed on get of "\/a\/b": endpoint 127\.0\.0\.1:9 is unreachable \(ECONNREFUSED\): check clientConfig\.endpoint or AWS_ENDPOINT_URL, and the network\n$/,
    )
  })
})

describe('help', () => {
  it.each(COMMANDS)('%s --help shows its usage and an example', async (command) => {
    const result = await cli([command, '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Usage: paramkit ${command}`)
    expect(result.stdout).toMatch(new RegExp(`Examples:\\n  \\$ paramkit .*${command}`))
  })

  it('lists the global options and every command', async () => {
    const { stdout } = await cli(['--help'])
    for (const option of [
      '--env',
      '--service',
      '--prefix',
      '--fallback',
      '--backend',
      '--route-secrets',
      '--region',
      '--debug',
    ])
      expect(stdout).toContain(option)
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`\\n  ${command} `))
  })
})

describe('environment and colour', () => {
  const memory = `memory:${orderApiFixture}`

  it('PARAMKIT_BACKEND and APP_ENV stand in for --backend and --env; flags win', async () => {
    const byEnv = await cli(['--service', 'order-api', 'get', 'database/host'], {
      env: { PARAMKIT_BACKEND: memory, APP_ENV: 'staging' },
    })
    expect(byEnv.stdout).toBe('orders-db.staging.internal\n')
    const byFlag = await cli(['--service', 'order-api', '--env', 'dev', 'get', 'database/host'], {
      env: { PARAMKIT_BACKEND: memory, APP_ENV: 'staging' },
    })
    expect(byFlag.stdout).toBe('localhost\n')
  })

  it('doctor reports the region its client uses and stops at credentials it cannot find, saying what to set', async () => {
    const noCredentials = () =>
      Promise.reject(
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      )
    const sts = new STSClient({ region: 'eu-west-3', credentials: noCredentials, maxAttempts: 1 })
    const result = await cli(['--backend', 'ssm', 'doctor', '--json'], { deps: { clients: { sts } } })
    const checks = JSON.parse(result.stdout).checks
    expect(checks).toEqual([
      { check: 'region', status: 'ok', detail: 'eu-west-3' },
      {
        check: 'credentials',
        status: 'fail',
        detail: expect.stringMatching(
          /^STS failed on GetCallerIdentity of the request: AWS credentials are missing: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
        ),
      },
      { check: 'cache crypto', status: 'ok', detail: cryptoDetail },
    ])
    expect(result.code).toBe(1)
  })

  it('colours only on a TTY, and never with NO_COLOR', async () => {
    const argv = ['--backend', memory, '--env', 'prod', '--service', 'order-api', 'ls', 'database']
    expect((await cli(argv, { tty: true })).stdout).toContain('\u001b[1mKEY')
    expect((await cli(argv, { tty: false })).stdout).not.toContain('\u001b[')
    expect((await cli(argv, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[')
  })
})
