import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('..', import.meta.url))
const aws = fileURLToPath(new URL('../../aws', import.meta.url))
const memory = fileURLToPath(new URL('../../memory-backend', import.meta.url))

// The app's core is one copy; the memory backend loads a second one nested under it, as npm does
// when two versions are asked for. Errors thrown by the backend's copy meet the app's copy.
const body = (load: string) => `${load}
const run = async () => {
  const backend = memoryBackend({ seed: { '/prod/api/db/host': 'db.internal' } })
  let thrown
  try { await backend.get('/prod/api/absent') } catch (error) { thrown = error }
  const config = createConfig({ backend, env: 'prod', service: 'api' })
  const missing = await config.getOptional('absent')
  const host = await config.get('db/host')
  await config.close()
  console.log(JSON.stringify({
    copies: thrown instanceof NotFoundError ? 1 : 2,
    isParamkitError: isParamkitError(thrown),
    notFound: NotFoundError.is(thrown),
    validation: ValidationError.is(thrown),
    parent: ParamkitError.is(thrown),
    missing: missing === undefined,
    host,
  }))
}
run()`

describe('two copies of @paramkit/core side by side', () => {
  it('error checks hold across copies: brands, not instanceof (ESM and CommonJS)', () => {
    const result = packAndImport({
      packages: [core, aws, memory],
      afterInstall(app, tarballs) {
        const nested = join(
          app,
          'node_modules',
          '@paramkit',
          'memory-backend',
          'node_modules',
          '@paramkit',
          'core',
        )
        mkdirSync(nested, { recursive: true })
        execFileSync('tar', ['-xzf', tarballs[0]!, '-C', nested, '--strip-components=1'])
      },
      esm: body(
        `import { createConfig, isParamkitError, NotFoundError, ParamkitError, ValidationError } from '@paramkit/core'\nimport { memoryBackend } from '@paramkit/memory-backend'`,
      ),
      cjs: body(
        `const { createConfig, isParamkitError, NotFoundError, ParamkitError, ValidationError } = require('@paramkit/core')\nconst { memoryBackend } = require('@paramkit/memory-backend')`,
      ),
    })
    const expected = {
      copies: 2,
      isParamkitError: true,
      notFound: true,
      validation: false,
      parent: true,
      missing: true,
      host: 'db.internal',
    }
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
  }, 180_000)
})
