import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const pkg = fileURLToPath(new URL('..', import.meta.url))
const nodeMajor = Number(process.versions.node.split('.')[0])
// Nest 12 needs Node 22 (its file-type@22): the README's Node 20 install line pins Nest 11.
const nest = nodeMajor >= 22 ? '12' : '11'

describe('packed tarball', () => {
  it(`installs beside core and Nest ${nest} on Node ${nodeMajor} and loads from ESM and CommonJS, with types`, () => {
    const body = (load: string) => `${load}
const dynamic = ParamkitModule.forRoot({ config: { backend: {}, env: 'prod', service: 'x' }, isGlobal: true })
console.log(JSON.stringify({ module: dynamic.module.name, global: dynamic.global, token: String(PARAMKIT_CLIENT), nest: nestVersion }))`
    const result = packAndImport({
      packages: [core, pkg],
      esm: body(
        `import 'reflect-metadata'\nimport { createRequire } from 'node:module'\nimport { ParamkitModule, PARAMKIT_CLIENT } from '@paramkit/nestjs'\nconst nestVersion = createRequire(import.meta.url)('@nestjs/core/package.json').version`,
      ),
      cjs: body(
        `require('reflect-metadata')\nconst { ParamkitModule, PARAMKIT_CLIENT } = require('@paramkit/nestjs')\nconst nestVersion = require('@nestjs/common/package.json').version`,
      ),
      types: {
        mts: `import { paramkitNamespace, type NamespaceType } from '@paramkit/nestjs'\nimport type { StandardSchemaV1 } from '@paramkit/core'\ndeclare const s: StandardSchemaV1<unknown, { host: string }>\nconst ns = paramkitNamespace('db', s)\nexport const host: NamespaceType<typeof ns>['host'] = 'h'\n`,
        cts: `import { InjectConfig } from '@paramkit/nestjs'\nexport const d = InjectConfig()\n`,
      },
      extraDependencies: [`@nestjs/common@${nest}`, `@nestjs/core@${nest}`, 'reflect-metadata', 'rxjs'],
    })
    const expected = { module: 'ParamkitModule', global: true, token: 'Symbol(paramkit:client)' }
    for (const out of [result.esm, result.cjs]) {
      const { nest: installed, ...rest } = JSON.parse(out)
      expect(rest).toEqual(expected)
      expect(installed.split('.')[0]).toBe(nest)
    }
    expect(result.installLog).not.toContain('EBADENGINE')
  }, 180_000)
})
