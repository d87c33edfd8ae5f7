import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('..', import.meta.url))

const body = (load: string) => `${load}
const backend = {
  name: 'tarball', capabilities: { write: false, types: ['String'], versionSelectors: false, labelSelectors: false, stages: false, nonRecursiveList: false, maxValueBytes: 4096, batchSize: 10 },
  async get(name) { return { name, value: 'from-' + name, type: 'SecureString', version: '1', sensitive: true } },
  async getMany(names) { return { entries: await Promise.all(names.map((n) => backend.get(n))), missing: [], invalid: [] } },
  async *list() {},
}
const run = async () => {
  // @opentelemetry/api is an optional peer: not installed here, and nothing may break without it.
  let otel = 'absent'
  try { resolveHere('@opentelemetry/api'); otel = 'installed' } catch {}
  const config = core.createConfig({ backend, env: 'prod', service: 'api' })
  await config.getEntry('db/host')
  await config.getEntry('db/host')
  const secret = await config.getSecret('db/password')
  const sealed = config.stats().seals
  const value = secret.reveal() // before close(), which zeroes the keys that open Secrets
  await config.close()
  const fromTestingPath = new testing_.EncryptedCache().stats().entries
  // Every error class by its own name (not a bundler's '_class2') and code, from either module system.
  const errors = Object.entries(core)
    .filter(([n, v]) => typeof v === 'function' && /^[A-Z][A-Za-z]*Error$/.test(n) && n !== 'ParamkitError')
    .map(([n, C]) => { const e = new C('x', { issues: [] }); return [n, e.name, e.code, JSON.parse(JSON.stringify(e)).name] })
  const crypto = core.cryptoInfo()
  console.log(JSON.stringify({ errors, value, shown: String(secret), sealed, error: new core.NotFoundError('x').code, otel, fromTestingPath, batches: backend_.chunk([1, 2, 3], 2).length, crypto }))
}
run()`

const errorClasses = [
  'AccessDeniedError',
  'BackendUnavailableError',
  'ClosedError',
  'IntegrityError',
  'KeyStateError',
  'NotFoundError',
  'SchemaError',
  'ThrottledError',
  'TimeoutError',
  'ValidationError',
]

describe('packed tarball', () => {
  it('installs and works from ESM and CommonJS, with types for both conditions', () => {
    const result = packAndImport({
      packages: [core],
      esm: body(
        `import * as core from '@paramkit/core'\nimport * as backend_ from '@paramkit/core/backend'\nimport * as testing_ from '@paramkit/core/testing'\nimport { createRequire } from 'node:module'\nconst resolveHere = createRequire(import.meta.url).resolve`,
      ),
      cjs: body(
        `const core = require('@paramkit/core')\nconst backend_ = require('@paramkit/core/backend')\nconst testing_ = require('@paramkit/core/testing')\nconst resolveHere = require.resolve`,
      ),
      types: {
        mts: `import { createConfig, Secret } from '@paramkit/core'\nimport type { Backend } from '@paramkit/core/backend'\nimport { EncryptedCache } from '@paramkit/core/testing'\nconst b = {} as Backend\nexport const cache = new EncryptedCache()\nconst c = createConfig({ backend: b })\nconst s: Promise<Secret<string>> = c.getSecret('k')\nexport { s }\n`,
        cts: `import { createConfig, type ConfigClient } from '@paramkit/core'\nimport { chunk, type Entry } from '@paramkit/core/backend'\nimport { minimalCapabilities } from '@paramkit/core/testing'\nconst f: typeof createConfig = createConfig\nconst e: Entry[][] = chunk<Entry>([], 10)\nexport type C = ConfigClient\nexport const caps = minimalCapabilities\nexport { e, f }\n`,
      },
    })
    const expected = {
      value: 'from-/prod/api/db/password',
      shown: '[redacted]',
      sealed: 2,
      error: 'NOT_FOUND',
      fromTestingPath: 0,
      batches: 2,
      otel: 'absent',
      // sodium-native, an optional dependency, comes with a default install (prebuilt binaries, no scripts),
      // and is used unless this run is the fallback one (PARAMKIT_NATIVE=0, inherited by the checks).
      crypto: {
        cipher: 'xchacha20-poly1305',
        implementation: process.env.PARAMKIT_NATIVE === '0' ? 'noble' : 'libsodium',
      },
    }
    for (const output of [result.esm, result.cjs]) {
      const { errors, ...rest } = JSON.parse(output) as { errors: string[][] }
      expect(rest).toEqual(expected)
      expect(errors.map(([exported]) => exported)).toEqual(expect.arrayContaining(errorClasses))
      for (const [exported, name, code, jsonName] of errors) {
        expect([name, jsonName]).toEqual([exported, exported])
        expect(code).toMatch(/^[A-Z_]+$/)
      }
    }
    const files = result.files[0]!
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'dist/backend.js',
        'dist/backend.cjs',
        'dist/backend.d.ts',
        'dist/backend.d.cts',
        'dist/testing.js',
        'dist/testing.cjs',
        'dist/testing.d.ts',
        'dist/testing.d.cts',
        'README.md',
        'package.json',
      ]),
    )
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false)
  }, 180_000)
})
