import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SSMClient } from '@aws-sdk/client-ssm'
import { sdkError, stubCredentials, stubTransport } from '@paramkit/test-support/stub-transport'
import { describe, expect, it } from 'vitest'
import { motoClients, writeCalls } from './support/moto.js'
import { cli, scratch } from './support/run.js'

function fixtureOf(count: number): string {
  const { dir } = scratch()
  const file = join(dir, `seed-${count}.json`)
  const level: Record<string, string> = {}
  for (let i = 0; i < count; i++) level[`key${String(i).padStart(3, '0')}`] = `value-${i}`
  writeFileSync(file, JSON.stringify({ '/seed/app': level }))
  return file
}

function memoryTarget(): string {
  const { dir } = scratch()
  const file = join(dir, 'target.json')
  writeFileSync(file, '{}')
  return file
}

describe('push progress', () => {
  it('more than 50 writes off a TTY: a line per tenth on stderr, nothing on stdout', async () => {
    const result = await cli(['--backend', `memory:${memoryTarget()}`, 'push', fixtureOf(60)])
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(10)
    expect(lines[0]).toBe('push: 6/60 writes (10%)')
    expect(lines.at(-1)).toBe('push: 60/60 writes (100%)')
    expect(result.stdout).not.toContain('push:')
    expect(result.stdout).toContain('wrote 60 of 60')
  })

  it('50 writes or fewer off a TTY: no bar; on a TTY: a bar redrawn in place', async () => {
    expect((await cli(['--backend', `memory:${memoryTarget()}`, 'push', fixtureOf(50)])).stderr).toBe('')
    const tty = await cli(['--backend', `memory:${memoryTarget()}`, 'push', fixtureOf(3)], { tty: true })
    expect(tty.stderr).toBe(
      `\r[${'#'.repeat(10)}${'.'.repeat(20)}] 1/3 writes\r[${'#'.repeat(20)}${'.'.repeat(10)}] 2/3 writes\r[${'#'.repeat(30)}] 3/3 writes\n`,
    )
    const off = await cli(['--backend', `memory:${memoryTarget()}`, 'push', fixtureOf(60), '--no-progress'])
    expect(off.stderr).toBe('')
  })

  it('throttled writes are backed off and retried until all are written, the window bounded', async () => {
    // moto never throttles: a stubbed transport under a real SSMClient answers ThrottlingException
    // to every third PutParameter; the client makes one attempt, so the CLI's AIMD sees each one.
    let puts = 0
    const stub = stubTransport((operation, input) => {
      if (operation === 'GetParameters')
        return { status: 200, body: { Parameters: [], InvalidParameters: input.Names } }
      puts++
      return puts % 3 === 0
        ? sdkError('ThrottlingException', 'Rate exceeded')
        : { status: 200, body: { Version: 1 } }
    })
    const ssm = new SSMClient({ ...stubCredentials, maxAttempts: 1, requestHandler: stub.requestHandler })
    const sleeps: number[] = []
    const result = await cli(['--backend', 'ssm', 'push', fixtureOf(60), '--json'], {
      deps: { clients: { ssm }, sleep: async (ms) => void sleeps.push(ms) },
    })
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({ written: 60, failed: [] })
    expect(report.throttles).toBe(puts - 60)
    expect(report.throttles).toBeGreaterThanOrEqual(20)
    expect(sleeps).toHaveLength(report.throttles)
    expect(stub.maxInFlight()).toBeLessThanOrEqual(16)
    expect(stub.requests.filter((r) => r === 'GetParameters')).toHaveLength(6)
  })
})

describe('push failures', () => {
  it('a refused write fails that entry only; the rest are written and the run exits 1', async () => {
    const stub = stubTransport((operation, input) => {
      if (operation === 'GetParameters')
        return { status: 200, body: { Parameters: [], InvalidParameters: input.Names } }
      if (input.Name === '/seed/app/key001') return sdkError('ParameterLimitExceeded', 'too many parameters')
      return { status: 200, body: { Version: 1 } }
    })
    const ssm = new SSMClient({ ...stubCredentials, maxAttempts: 1, requestHandler: stub.requestHandler })
    const result = await cli(['--backend', 'ssm', 'push', fixtureOf(4)], { deps: { clients: { ssm } } })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('wrote 3 of 4')
    expect(result.stderr.split('\n')).toEqual([
      'failed: /seed/app/key001: Parameter Store refused "/seed/app/key001" (ParameterLimitExceeded) (rule: parameter-limit)',
      'error: 1 of 4 writes failed (first: /seed/app/key001)',
      '',
    ])
    expect(stub.requests.filter((r) => r === 'PutParameter')).toHaveLength(4)
  })
})

describe('push on moto', () => {
  const moto = motoClients()
  const aws = { env: { AWS_REGION: 'us-east-1' }, deps: moto.deps }

  it('creates, then skips or (with --overwrite) updates what changed, and only that', async () => {
    const file = fixtureOf(12)
    expect((await cli(['--backend', 'ssm', 'push', file], aws)).stdout).toContain(
      'plan: 12 create, 0 update, 0 unchanged, 0 skipped',
    )
    const data = JSON.parse(readFileSync(file, 'utf8'))
    data['/seed/app'].key000 = 'changed'
    data['/seed/app'].secret = { type: 'SecureString', value: '<placeholder:/seed/app/secret>' }
    data['/seed/app'].token = { type: 'SecureString', value: 't0ken' }
    writeFileSync(file, JSON.stringify(data))

    const plain = await cli(['--backend', 'ssm', 'push', file, '--dry-run'], aws)
    expect(plain.stdout.split('\n').slice(0, 1)).toEqual([
      'plan: 1 create, 0 update, 11 unchanged, 2 skipped',
    ])
    expect(plain.stdout).toMatch(
      /skipped\s+\/seed\/app\/key000\s+String\s+exists with another value or type \(--overwrite replaces it\)/,
    )
    expect(plain.stdout).toMatch(/skipped\s+\/seed\/app\/secret\s+SecureString\s+placeholder, not a value/)
    expect(plain.stdout).not.toContain('t0ken')

    moto.reset()
    const overwrite = await cli(['--backend', 'ssm', 'push', file, '--overwrite'], aws)
    expect(overwrite.stdout).toContain('plan: 1 create, 1 update, 11 unchanged, 1 skipped')
    expect(overwrite.stdout).toContain('wrote 2 of 2')
    expect(moto.calls().PutParameterCommand).toBe(2)

    moto.reset()
    const again = await cli(['--backend', 'ssm', 'push', file, '--overwrite'], aws)
    expect(again.stdout).toContain('plan: 0 create, 0 update, 13 unchanged, 1 skipped')
    expect(writeCalls(moto.calls())).toBe(0)
    expect(moto.calls()).toEqual({ GetParametersCommand: 2 })
  })
})
