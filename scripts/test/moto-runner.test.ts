import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MotoRunner, startMotoRunner } from './support/moto-runner.js'

const routed = fileURLToPath(new URL('../../examples/routed-order-api/index.mjs', import.meta.url))

describe('npm run moto', () => {
  let moto: MotoRunner
  beforeAll(async () => {
    moto = await startMotoRunner()
  })
  afterAll(async () => {
    await moto?.stop()
  })

  it('prints the environment to export: a local endpoint, a region and fake credentials', () => {
    expect(moto.env).toEqual({
      AWS_ENDPOINT_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    })
    expect(moto.output()).toMatch(/\d+ order-api entries \(dev, staging, prod, shared\)/)
  })

  it('seeds every environment: the routed example runs with each APP_ENV, without --seed', () => {
    for (const [env, host] of [
      ['dev', 'localhost'],
      ['staging', 'orders-db.staging.internal'],
      ['prod', 'orders-db.prod.internal'],
    ]) {
      const out = execFileSync(process.execPath, [routed], {
        encoding: 'utf8',
        env: { ...process.env, ...moto.env, APP_ENV: env },
      })
      expect(out).toContain(`order-api (${env}) from router(secrets-manager,ssm)`)
      expect(out).toContain(`host: '${host}'`)
      expect(out).toContain('database/password: type Secret, stages AWSCURRENT')
      expect(out).not.toMatch(/Pw-|sk_(test|live)_/)
    }
  })

  it('stops moto on Ctrl-C and exits 0', async () => {
    const { AWS_ENDPOINT_URL } = moto.env
    expect((await fetch(`${AWS_ENDPOINT_URL}/moto-api/`)).ok).toBe(true)
    expect(await moto.stop()).toBe(0)
    await expect(fetch(`${AWS_ENDPOINT_URL}/moto-api/`)).rejects.toThrow()
  })
})
