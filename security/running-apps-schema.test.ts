import { fileURLToPath } from 'node:url'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import { beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error -- the fixture seeder is plain JavaScript
import { seedAws } from '../examples/fixtures/seed-aws.mjs'
import { leaksIn } from '../scripts/leak-forms.js'
import { motoClientConfig, motoEndpoint } from '../scripts/moto/clients.js'
import { runFailingStart } from '../scripts/spawn-server.js'

/** Fails the example schema (not `sk_…`) and is rich in what escaping changes. */
const badKey = 'pk_"live"\\bad\tkey/é+%'

const apps = {
  Express: fileURLToPath(new URL('../examples/order-api-express/server.mjs', import.meta.url)),
  NestJS: fileURLToPath(new URL('../examples/order-api-nestjs/dist/main.js', import.meta.url)),
}

beforeAll(async () => {
  const ssm = ssmBackend({ client: new SSMClient(motoClientConfig()) })
  await seedAws({
    ssm,
    secrets: secretsManagerBackend({ client: new SecretsManagerClient(motoClientConfig()) }),
  })
  const again = ssmBackend({ client: new SSMClient(motoClientConfig()) })
  await again.put!('/prod/order-api/stripe/api_key', badKey, { type: 'SecureString', overwrite: true })
  await again.close?.()
})

describe('the example apps on Parameter Store (moto) refuse a failing schema without showing the secret', () => {
  for (const [name, script] of Object.entries(apps)) {
    it(`${name}: one start-up line naming the path, exit 1, no form of the secret in its output`, () => {
      const { status, stdout, stderr } = runFailingStart(script, {
        PARAMKIT_BACKEND: 'ssm',
        APP_ENV: 'prod',
        PORT: '0',
        AWS_ENDPOINT_URL: motoEndpoint(),
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
      })
      expect(status).toBe(1)
      expect(stderr).toMatch(/order-api could not start: SchemaError: .*stripe\.api_key/)
      expect(leaksIn(stdout + stderr, badKey)).toEqual([])
    })
  }
})
