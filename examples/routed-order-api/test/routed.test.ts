import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { createConfig, routeBackends, Secret } from '@paramkit/core'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoClientConfig, motoEndpoint } from '@paramkit/test-support/moto/clients'
import { describe, expect, it } from 'vitest'

const example = fileURLToPath(new URL('../index.mjs', import.meta.url))

describe('routed order-api on moto', () => {
  it('the example seeds both backends and prints the config, secrets redacted', () => {
    const out = execFileSync(process.execPath, [example, '--seed'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        APP_ENV: 'staging',
        AWS_ENDPOINT_URL: motoEndpoint(),
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
      },
    })
    expect(out).toContain('order-api (staging) from router(secrets-manager,ssm)')
    expect(out).toContain("host: 'orders-db.staging.internal'")
    expect(out).toContain('password: Secret([redacted])')
    expect(out).toContain('database/password: type Secret, stages AWSCURRENT')
    expect(out).toContain('database/host: type String, version 1')
    expect(out).not.toMatch(/stg-Pw-|sk_test_stg/)
  })

  it('one createConfig client reads each key from the backend that owns it, batched per backend', async () => {
    const ssmClient = new SSMClient(motoClientConfig())
    const smClient = new SecretsManagerClient(motoClientConfig())
    const counts: Record<string, number> = {}
    for (const c of [ssmClient, smClient] as const) {
      ;(c as SSMClient).middlewareStack.add(
        (next, context) => async (args) => {
          counts[context.commandName ?? '?'] = (counts[context.commandName ?? '?'] ?? 0) + 1
          return next(args)
        },
        { step: 'initialize' },
      )
    }
    const ssm = ssmBackend({ client: ssmClient })
    const secrets = secretsManagerBackend({ client: smClient })
    await ssm.put('/prod/order-api/database/host', 'db.prod', { overwrite: true })
    await ssm.put('/prod/order-api/config/log_level', 'warn', { overwrite: true })
    await secrets.put('/prod/order-api/database/password', 'pw', { overwrite: true })
    await secrets.put('/prod/order-api/stripe/api_key', 'sk', { overwrite: true })
    for (const key of Object.keys(counts)) delete counts[key]
    const router = routeBackends([
      { prefix: '/prod/order-api/database/password', backend: secrets },
      { prefix: '/prod/order-api/stripe/api_key', backend: secrets },
      { backend: ssm },
    ])
    const config = createConfig({ backend: router, env: 'prod', service: 'order-api' })
    // One tick: the plain values in one getMany, the secrets through getSecret, batched per backend.
    const [values, password, apiKey] = await Promise.all([
      config.getMany(['database/host', 'config/log_level']),
      config.getSecret('database/password'),
      config.getSecret('stripe/api_key'),
    ])
    expect(values).toEqual({ 'database/host': 'db.prod', 'config/log_level': 'warn' })
    expect([password.reveal(), apiKey.reveal()]).toEqual(['pw', 'sk'])
    expect(counts).toEqual({ GetParametersCommand: 1, BatchGetSecretValueCommand: 1, ListSecretsCommand: 1 })
    expect(await config.getSecret('stripe/api_key')).toBeInstanceOf(Secret)
    await config.close()
  })
})
