import { fileURLToPath } from 'node:url'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { PUBLISHED_FILES, packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const aws = fileURLToPath(new URL('../../aws', import.meta.url))
const ssm = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('installs beside core and talks to Parameter Store (moto) from ESM and CommonJS, with types', () => {
    const body = (load: string, name: string) => `${load}
const backend = ssmBackend({ clientConfig: { endpoint: ${JSON.stringify(motoEndpoint())}, region: 'us-east-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } } })
backend.put('/pack/${name}', 'v-${name}', { type: 'SecureString' })
  .then(() => backend.get('/pack/${name}'))
  .then(async (e) => { console.log(JSON.stringify({ value: e.value, type: e.type, sensitive: e.sensitive })); await backend.close() })`
    const result = packAndImport({
      packages: [core, aws, ssm],
      esm: body(`import { ssmBackend } from '@paramkit/ssm-backend'`, 'esm'),
      cjs: body(`const { ssmBackend } = require('@paramkit/ssm-backend')`, 'cjs'),
      types: {
        mts: `import { ssmBackend, type SsmBackendOptions } from '@paramkit/ssm-backend'\nconst o: SsmBackendOptions = { concurrency: 2, retry: { maxAttempts: 3 } }\nexport const b = ssmBackend(o)\n`,
        cts: `import { SSM_LIMITS } from '@paramkit/ssm-backend'\nexport const n: number = SSM_LIMITS.batch\n`,
      },
    })
    expect(JSON.parse(result.esm)).toEqual({ value: 'v-esm', type: 'SecureString', sensitive: true })
    expect(JSON.parse(result.cjs)).toEqual({ value: 'v-cjs', type: 'SecureString', sensitive: true })
    expect(result.files[2]).toEqual(expect.arrayContaining(PUBLISHED_FILES))
  }, 180_000)
})
