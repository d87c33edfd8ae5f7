import { fileURLToPath } from 'node:url'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'
import { motoKms } from './support/moto-kms.js'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const aws = fileURLToPath(new URL('../../aws', import.meta.url))
const kms = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('installs beside core and wraps data keys with KMS (moto) from ESM and CommonJS, with types', async () => {
    const { keyId } = await motoKms()
    const body = (load: string) => `${load}
const provider = kmsKeyProvider({ keyId: ${JSON.stringify(keyId)}, clientConfig: { endpoint: ${JSON.stringify(motoEndpoint())}, region: 'us-east-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } } })
const cache = new EncryptedCache({ keyProvider: provider })
cache.read('/k', async () => ({ name: '/k', value: 'v', type: 'SecureString', version: '1', sensitive: true }))
  .then(() => cache.read('/k', async () => undefined))
  .then(async (e) => { console.log(JSON.stringify({ value: e.value, generated: provider.stats().generateCalls })); await provider.close() })`
    const result = packAndImport({
      packages: [core, aws, kms],
      esm: body(
        `import { kmsKeyProvider } from '@paramkit/kms'\nimport { EncryptedCache } from '@paramkit/core/testing'`,
      ),
      cjs: body(
        `const { kmsKeyProvider } = require('@paramkit/kms')\nconst { EncryptedCache } = require('@paramkit/core/testing')`,
      ),
      types: {
        mts: `import { kmsKeyProvider, type KmsKeyProviderOptions } from '@paramkit/kms'\nconst o: KmsKeyProviderOptions = { keyId: 'alias/x', idleDropAfter: 1000 }\nexport const p = kmsKeyProvider(o)\n`,
        cts: `import { kmsKeyProvider, type KmsKeyProviderOptions } from '@paramkit/kms'\nconst o: KmsKeyProviderOptions = { keyId: 'k', retry: { maxAttempts: 2, baseDelayMs: 10 } }\nexport const p = kmsKeyProvider(o)\n`,
      },
    })
    expect(JSON.parse(result.esm)).toEqual({ value: 'v', generated: 1 })
    expect(JSON.parse(result.cjs)).toEqual({ value: 'v', generated: 1 })
  }, 180_000)
})
