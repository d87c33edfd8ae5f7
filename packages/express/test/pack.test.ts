import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const pkg = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('installs beside core and express and loads from ESM and CommonJS, with types', () => {
    const body = (load: string) => `${load}
const errors = paramkitErrorHandler()
const res = { headersSent: false, statusCode: 0, headers: {}, setHeader(k, v) { this.headers[k] = v }, end(b) { this.body = b } }
errors(new Error('pw=secret'), {}, res, () => {})
console.log(JSON.stringify({ mw: typeof paramkit, body: res.body, status: res.statusCode }))`
    const result = packAndImport({
      packages: [core, pkg],
      esm: body(`import { paramkit, paramkitErrorHandler } from '@paramkit/express'`),
      cjs: body(`const { paramkit, paramkitErrorHandler } = require('@paramkit/express')`),
      types: {
        mts: `import { paramkit, type RequestConfig } from '@paramkit/express'\nexport type R = RequestConfig\nexport const m: typeof paramkit = paramkit\n`,
        cts: `import { loadBeforeListen } from '@paramkit/express'\nexport const l: typeof loadBeforeListen = loadBeforeListen\n`,
      },
    })
    const expected = {
      mw: 'function',
      body: '{"error":"INTERNAL","message":"Internal Server Error"}',
      status: 500,
    }
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
  }, 180_000)
})
