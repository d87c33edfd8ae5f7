import { fileURLToPath } from 'node:url'
import { PUBLISHED_FILES, packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const aws = fileURLToPath(new URL('..', import.meta.url))

// No AWS SDK is installed beside it: @paramkit/aws never imports one itself.
const body = (load: string) => `${load}
let created = 0
const client = lazyClient(() => { created++; return { destroy() {} } }, {})
client.close()
const call = sdkCall({ service: 'Parameter Store', backend: 'ssm', noun: 'Parameter', actions: { get: 'ssm:GetParameter' }, notFound: ['ParameterNotFound'] })
const missing = Object.assign(new Error('no such parameter'), { name: 'ParameterNotFound' })
call('get', '/pack/missing', async () => { throw missing }).catch((e) => {
  console.log(JSON.stringify({ created, name: e.name, code: e.code, branded: isParamkitError(e), key: e.key, attempts: RETRY_DEFAULTS.maxAttempts }))
})`

describe('packed tarball', () => {
  it('installs beside core alone and maps SDK errors to core errors from ESM and CommonJS, with types', () => {
    const result = packAndImport({
      packages: [core, aws],
      esm: body(
        `import { isParamkitError } from '@paramkit/core'\nimport { lazyClient, RETRY_DEFAULTS, sdkCall } from '@paramkit/aws'`,
      ),
      cjs: body(
        `const { isParamkitError } = require('@paramkit/core')\nconst { lazyClient, RETRY_DEFAULTS, sdkCall } = require('@paramkit/aws')`,
      ),
      types: {
        mts: `import { type ServiceErrors, sdkCall } from '@paramkit/aws'\nconst table: ServiceErrors = { service: 'S', backend: 'b', noun: 'N', actions: {}, notFound: [] }\nexport const call = sdkCall(table)\n`,
        cts: `import { lazyClient, type RetryOptions } from '@paramkit/aws'\nconst retry: RetryOptions = { maxAttempts: 2 }\nexport const c = lazyClient(() => ({ destroy() {} }), { retry })\n`,
      },
    })
    const expected = {
      created: 0,
      name: 'NotFoundError',
      code: 'NOT_FOUND',
      branded: true,
      key: '/pack/missing',
      attempts: 5,
    }
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
    expect(result.files[1]).toEqual(expect.arrayContaining(PUBLISHED_FILES))
  }, 180_000)
})
