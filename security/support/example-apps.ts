import { fileURLToPath } from 'node:url'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoClientConfig, motoEndpoint } from '@paramkit/test-support/moto/clients'
// @ts-expect-error -- the fixture seeder is plain JavaScript
import { seedAws } from '../../examples/fixtures/seed-aws.mjs'

/** The order-api example servers, as their start commands run them. */
export const exampleApps = {
  Express: fileURLToPath(new URL('../../examples/order-api-express/server.mjs', import.meta.url)),
  NestJS: fileURLToPath(new URL('../../examples/order-api-nestjs/dist/main.js', import.meta.url)),
}

/** Environment that runs an example on Parameter Store in moto, prod hierarchy, any free port. */
export function prodOnMoto(): Record<string, string> {
  return {
    PARAMKIT_BACKEND: 'ssm',
    APP_ENV: 'prod',
    PORT: '0',
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
  }
}

/** Seeds moto with every environment of examples/fixtures/order-api.json. */
export async function seedMoto(): Promise<void> {
  await seedAws({
    ssm: ssmBackend({ client: new SSMClient(motoClientConfig()) }),
    secrets: secretsManagerBackend({ client: new SecretsManagerClient(motoClientConfig()) }),
  })
}
