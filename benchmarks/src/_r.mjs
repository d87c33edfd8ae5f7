import { createConfig } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { fakeSsm, fixedStore } from './fake-aws.mjs'
const value = 'v'.repeat(64), secret = '/bench/hits/secret'
const { client } = fakeSsm(fixedStore({ [secret]: value }, { [secret]: 'SecureString' }))
const config = createConfig({ backend: ssmBackend({ client }), cache: { ttl: 3_600_000 } })
await config.get(secret)
for (let i = 0; i < 300000; i++) await config.get(secret)
await config.close()
