import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runFailingStart } from '@paramkit/test-support/spawn-server'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleResult } from './sample-result.js'

const example = fileURLToPath(new URL('..', import.meta.url))
const invoke = join(example, 'invoke.mjs')
const dir = mkdtempSync(join(tmpdir(), 'order-api-lambda-'))
const key = randomBytes(32).toString('base64')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `npm run snapshot` as a deploy runs it (its build step skipped: the workspace is built). */
function snapshot(file: string, extra: Record<string, string> = {}) {
  const run = spawnSync('npm', ['run', 'snapshot', '--silent', '--ignore-scripts'], {
    cwd: example,
    encoding: 'utf8',
    env: {
      ...process.env,
      APP_ENV: 'staging',
      PARAMKIT_SNAPSHOT: file,
      PARAMKIT_SNAPSHOT_KEY: key,
      ...extra,
    },
  })
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  return run.stdout
}

describe('order-api on Lambda, warm boot from npm run snapshot', () => {
  it('boots from the sealed snapshot with 0 backend calls and serves the right values', () => {
    const file = join(dir, 'config.snapshot')
    expect(snapshot(file)).toMatch(/^sealed \d+ entries under \/staging\/order-api \(memory\)/)
    const run = runFailingStart(invoke, {
      APP_ENV: 'staging',
      PARAMKIT_BACKEND: '',
      PARAMKIT_SNAPSHOT: file,
      PARAMKIT_SNAPSHOT_KEY: key,
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines[1]).toMatch(
      /^warm boot: booted, 0 backend calls at init, origins \{"snapshot":\d+,"backend":0\}$/,
    )
    expect(lines.slice(2)).toEqual([`withConfig: ${sampleResult}`, `middy: ${sampleResult}`])
  })

  it("refuses another service's snapshot with a typed error event, and the handler works from the backend", () => {
    const file = join(dir, 'inventory.snapshot')
    const run = spawnSync(
      process.execPath,
      [
        join(example, '../../node_modules/@paramkit/cli/bin/paramkit.mjs'),
        ...[
          '--backend',
          'memory:../fixtures/order-api.json',
          '--env',
          'staging',
          '--service',
          'inventory-api',
        ],
        ...['pull', '--snapshot', file],
      ],
      { cwd: example, encoding: 'utf8', env: { ...process.env, PARAMKIT_SNAPSHOT_KEY: key } },
    )
    expect(run.status).toBe(0)
    const start = runFailingStart(invoke, {
      APP_ENV: 'staging',
      PARAMKIT_BACKEND: '',
      PARAMKIT_SNAPSHOT: file,
      PARAMKIT_SNAPSHOT_KEY: key,
    })
    expect(start.status).toBe(0)
    expect(start.stderr.trim()).toMatch(/^order-api-lambda: SnapshotRefusedError \(INTEGRITY, binding\) for /)
    const lines = start.stdout.trim().split('\n')
    expect(lines[1]).toMatch(/^warm boot: refused \(binding\), [1-9]\d* backend calls at init/)
    expect(lines.slice(2)).toEqual([`withConfig: ${sampleResult}`, `middy: ${sampleResult}`])
  })
})
