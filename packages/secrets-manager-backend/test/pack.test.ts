import { fileURLToPath } from 'node:url'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { PUBLISHED_FILES, packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const aws = fileURLToPath(new URL('../../aws', import.meta.url))
const sm = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('installs beside core and talks to Secrets Manager (moto) from ESM and CommonJS, with types', () => {
    const body = (load: string, name: string) => `${load}
const backend = secretsManagerBackend({ clientConfig: { endpoint: ${JSON.stringify(motoEndpoint())}, region: 'us-east-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } } })
backend.put('/pack/${name}', 'v-${name}', { type: 'Secret' })
  .then(() => backend.get('/pack/${name}'))
  .then(async (e) => { console.log(JSON.stringify({ value: e.value, type: e.type, sensitive: e.sensitive })); await backend.close() })`
    const result = packAndImport({
      packages: [core, aws, sm],
      esm: body(`import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'`, 'esm'),
      cjs: body(`const { secretsManagerBackend } = require('@paramkit/secrets-manager-backend')`, 'cjs'),
      types: {
        mts: `import { secretsManagerBackend, type SecretsManagerBackendOptions } from '@paramkit/secrets-manager-backend'\nconst o: SecretsManagerBackendOptions = { concurrency: 2, retry: { maxAttempts: 3 } }\nexport const b = secretsManagerBackend(o)\n`,
        cts: `import { SECRETS_LIMITS } from '@paramkit/secrets-manager-backend'\nexport const n: number = SECRETS_LIMITS.batch\n`,
      },
    })
    expect(JSON.parse(result.esm)).toEqual({ value: 'v-esm', type: 'Secret', sensitive: true })
    expect(JSON.parse(result.cjs)).toEqual({ value: 'v-cjs', type: 'Secret', sensitive: true })
    expect(result.files[2]).toEqual(expect.arrayContaining(PUBLISHED_FILES))
  }, 180_000)
})
