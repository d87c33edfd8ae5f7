import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const pkg = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('installs beside core (middy left out: an optional peer) and loads from ESM and CommonJS, with types', async () => {
    const body = (load: string) => `${load}
const client = {
  backendName: 'stub',
  getSync: (key) => key.toUpperCase(),
  getOptionalSync: (key) => key.toUpperCase(),
  preload: async () => {},
  load: async () => ({}),
  getEntry: async () => ({ type: 'String', sensitive: false }),
  stats: () => ({ staleServed: 0 }),
}
const handler = withConfig(client, async (event, context) => context.config.getSync(event.key), { required: ['db/host'] })
const mw = paramkitMiddleware(client)
handler({ key: 'db/host' }, { getRemainingTimeInMillis: () => 3000 }).then((value) =>
  console.log(JSON.stringify({ value, before: typeof mw.before })))`
    const result = packAndImport({
      packages: [core, pkg],
      esm: body(`import { paramkitMiddleware, withConfig } from '@paramkit/lambda'`),
      cjs: body(`const { paramkitMiddleware, withConfig } = require('@paramkit/lambda')`),
      types: {
        mts: `import { type ConfigContext, withConfig } from '@paramkit/lambda'\nexport type C = ConfigContext<{ awsRequestId: string }>\nexport const w: typeof withConfig = withConfig\n`,
        cts: `import { paramkitMiddleware, type LambdaOptions } from '@paramkit/lambda'\nexport const o: LambdaOptions = { required: ['a'] }\nexport const m: typeof paramkitMiddleware = paramkitMiddleware\n`,
      },
    })
    const expected = { value: 'DB/HOST', before: 'function' }
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
  }, 180_000)
})
