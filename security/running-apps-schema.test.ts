import { SSMClient } from '@aws-sdk/client-ssm'
import { ssmBackend } from '@paramkit/ssm-backend'
import { leaksIn } from '@paramkit/test-support/leak-forms'
import { motoClientConfig } from '@paramkit/test-support/moto/clients'
import { runFailingStart } from '@paramkit/test-support/spawn-server'
import { beforeAll, describe, expect, it } from 'vitest'
import { exampleApps, prodOnMoto, seedMoto } from './support/example-apps.js'

/** Fails the example schema (not `sk_…`) and is rich in what escaping changes. */
const badKey = 'pk_"live"\\bad\tkey/é+%'

beforeAll(async () => {
  await seedMoto()
  const ssm = ssmBackend({ client: new SSMClient(motoClientConfig()) })
  await ssm.put!('/prod/order-api/stripe/api_key', badKey, { type: 'SecureString', overwrite: true })
  await ssm.close?.()
})

describe('the example apps on Parameter Store (moto) refuse a failing schema without showing the secret', () => {
  for (const [name, script] of Object.entries(exampleApps)) {
    it(`${name}: one start-up line naming the path, exit 1, no form of the secret in its output`, () => {
      const { status, stdout, stderr } = runFailingStart(script, prodOnMoto())
      expect(status).toBe(1)
      expect(stderr).toMatch(/order-api could not start: SchemaError: .*stripe\.api_key/)
      expect(leaksIn(stdout + stderr, badKey)).toEqual([])
    })
  }
})
