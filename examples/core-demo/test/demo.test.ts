import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const demo = fileURLToPath(new URL('../demo.mjs', import.meta.url))
const run = (env: string) =>
  execFileSync(process.execPath, [demo], { encoding: 'utf8', env: { ...process.env, APP_ENV: env } })

describe('demo', () => {
  it('prints the resolved configuration of the chosen environment with secrets redacted', () => {
    const out = run('staging')
    expect(out).toContain('prefix /staging/order-api')
    expect(out).toContain("host: 'orders-db.staging.internal'")
    expect(out).toContain("log_level: 'info'")
    expect(out).toContain("timeout_ms: '5000'")
    expect(out).toContain('database/password as a template literal: [redacted]')
    expect(out).toContain('config/region (from the /shared fallback): us-east-1')
    expect(out).not.toMatch(/stg-Pw-|sk_test_stg/)
    expect(out).toContain('1000 concurrent gets of database/host -> 1 distinct value(s)')
    // After load(), the cached listings answer every read, including the levels a key is not at.
    expect(out).toMatch(/3 backend calls \(list 3, getMany 0, get 0\)/)
  })

  it('takes prod values and the /prod/shared fallback for prod', () => {
    const out = run('prod')
    expect(out).toContain("timeout_ms: '3000'")
    expect(out).toContain("log_level: 'warn'")
    expect(out).not.toMatch(/prd-Pw-|sk_live/)
  })
})

describe('run instructions', () => {
  it("name a start command that runs this demo (not the root's Express example)", () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url))
    const command = /`(npm start[^`]*)`/.exec(readFileSync(demo, 'utf8'))?.[1]
    expect(command).toBeDefined()
    const workspace = / -w (\S+)/.exec(command!)?.[1] ?? '.'
    const scripts = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')).scripts
    expect(scripts.start).toBe('exec node demo.mjs')
    expect(scripts.prestart).toMatch(/^turbo run build --filter=@paramkit\/example-core-demo\.\.\./)
  })
})
