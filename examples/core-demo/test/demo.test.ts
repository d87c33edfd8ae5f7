import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const demo = fileURLToPath(new URL('../demo.mjs', import.meta.url))

describe('core demo', () => {
  it('prints the resolved configuration with secrets redacted and served from the sealed cache', () => {
    const out = execFileSync(process.execPath, [demo], {
      encoding: 'utf8',
      env: { ...process.env, APP_ENV: 'staging' },
    })
    expect(out).toContain('prefix /staging/order-api')
    expect(out).toContain("host: 'db.staging.internal'")
    expect(out).toContain("log_level: 'info'")
    expect(out).toContain('database/password as a template literal: [redacted]')
    expect(out).not.toContain('staging-Xk9#pq2')
    expect(out).not.toContain('sk_test_staging')
    expect(out).toContain('1000 concurrent gets of database/host -> 1 distinct value(s)')
    expect(out).toMatch(/backend calls \(list 2, getMany 0, get 1\)/)
  })
})
