import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SSMClient } from '@aws-sdk/client-ssm'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoClientConfig, motoEndpoint } from '@paramkit/test-support/moto/clients'
import { sdkWarningSwitch } from '@paramkit/test-support/sdk-node-warning'
import { describe, expect, it } from 'vitest'
import { cryptoDetail, orderApi, orderApiFixture } from './support/run.js'

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const memory = ['--backend', `memory:${orderApiFixture}`, ...orderApi]

function paramkit(argv: string[], env: Record<string, string> = {}) {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`)
  return spawnSync(process.execPath, [bin, ...argv], {
    encoding: 'utf8',
    // Only PATH and the SDK's once-per-run notice switch: the rest of the environment is the test's.
    env: {
      PATH: process.env.PATH ?? '',
      [sdkWarningSwitch]: process.env[sdkWarningSwitch] ?? 'true',
      // Which crypto path this run tests (doctor prints it).
      ...(process.env.PARAMKIT_NATIVE === undefined ? {} : { PARAMKIT_NATIVE: process.env.PARAMKIT_NATIVE }),
      ...env,
    },
  })
}

function started(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      if (seen.includes(line)) resolve()
    })
    child.once('exit', () => reject(new Error(`exited before printing ${line}: ${seen}`)))
  })
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  let stdout = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout })))
}

describe('the paramkit bin', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    const result = paramkit(['--version'])
    expect([result.status, result.stdout.trim()]).toEqual([0, version])
  })

  it('the linked shim says in one line that the CLI is not built yet, when dist/ is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-shim-'))
    mkdirSync(join(dir, 'bin'))
    copyFileSync(
      fileURLToPath(new URL('../bin/paramkit.mjs', import.meta.url)),
      join(dir, 'bin/paramkit.mjs'),
    )
    const result = spawnSync(process.execPath, [join(dir, 'bin/paramkit.mjs'), '--version'], {
      encoding: 'utf8',
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toBe(
      'paramkit: the CLI is not built yet; run `npm run build` in the repository first\n',
    )
  })

  it('exec passes the exit code through', () => {
    const result = paramkit([...memory, 'exec', '--', process.execPath, '-e', 'process.exit(7)'])
    expect(result.status).toBe(7)
  })

  it('exec ends by the signal that ended the child (SIGTERM sent by the child to itself)', () => {
    const result = paramkit([
      ...memory,
      'exec',
      '--',
      process.execPath,
      '-e',
      "process.kill(process.pid, 'SIGTERM')",
    ])
    expect(result.signal).toBe('SIGTERM')
    expect(result.status).toBeNull()
  })

  it('exec forwards a signal sent to paramkit; the child handles it and its exit code comes back', async () => {
    const script =
      "process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(42) }); console.log('ready'); setInterval(() => {}, 1000)"
    const child = spawn(process.execPath, [bin, ...memory, 'exec', '--', process.execPath, '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const end = exited(child)
    await started(child, 'ready')
    child.kill('SIGTERM')
    const result = await end
    expect(result).toEqual({ code: 42, signal: null, stdout: 'ready\nchild got SIGTERM\n' })
  })

  it('exec forwards SIGINT to a child that does not handle it, and dies by it too', async () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        ...memory,
        'exec',
        '--',
        process.execPath,
        '-e',
        "console.log('ready'); setInterval(() => {}, 1000)",
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const end = exited(child)
    await started(child, 'ready')
    child.kill('SIGINT')
    expect(await end).toMatchObject({ code: null, signal: 'SIGINT' })
  })

  it('exit codes: 0 ok, 1 runtime error, 2 usage error', () => {
    expect(paramkit([...memory, 'get', 'database/host'])).toMatchObject({
      status: 0,
      stdout: 'orders-db.prod.internal\n',
    })
    expect(paramkit([...memory, 'get', 'database/none']).status).toBe(1)
    expect(paramkit([...memory, 'get', 'bad name']).status).toBe(2)
    expect(paramkit(['frobnicate']).status).toBe(2)
  })

  it('talks to moto through AWS_ENDPOINT_URL and AWS_REGION from its environment', async () => {
    const backend = ssmBackend({ client: new SSMClient(motoClientConfig()) })
    await backend.put('/bin/app/db/host', 'db.bin', { overwrite: true })
    const env = {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    }
    // moto keeps one store per region: the parameter was written in us-east-1.
    expect(paramkit(['--backend', 'ssm', '--prefix', '/bin/app', 'get', 'db/host'], env).status).toBe(1)
    const found = paramkit(['--backend', 'ssm', '--prefix', '/bin/app', 'get', 'db/host'], {
      ...env,
      AWS_REGION: 'us-east-1',
    })
    expect(found).toMatchObject({ status: 0, stdout: 'db.bin\n' })
    const doctor = paramkit(['--backend', 'ssm', '--prefix', '/bin/app', 'doctor'], {
      ...env,
      AWS_REGION: 'us-east-1',
      NO_COLOR: '1',
    })
    expect(doctor.stdout.split('\n').slice(0, 2)).toEqual([
      '✓ region                   us-east-1',
      '✓ credentials              arn:aws:sts::123456789012:user/moto (account 123456789012)',
    ])
    expect(doctor.status).toBe(0)
  })

  it('doctor without a region, then without credentials, says what to set (nothing else is tried)', () => {
    const home = mkdtempSync(join(tmpdir(), 'paramkit-home-'))
    const bare = { HOME: home, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' }
    const noRegion = paramkit(['--backend', 'ssm', '--prefix', '/a/b', 'doctor'], bare)
    expect(noRegion).toMatchObject({
      status: 1,
      stdout: `✗ region        no region: set AWS_REGION or pass --region\n✓ cache crypto  ${cryptoDetail}\n`,
    })
    const noCredentials = paramkit(['--backend', 'ssm', '--prefix', '/a/b', 'doctor'], {
      ...bare,
      AWS_REGION: 'us-east-1',
    })
    expect(noCredentials.status).toBe(1)
    expect(noCredentials.stdout.split('\n')[1]).toMatch(
      /^✗ credentials +STS failed on GetCallerIdentity of the request: AWS credentials are missing: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    )
    expect(noCredentials.stdout.trim().split('\n')).toHaveLength(3)
  })
})
