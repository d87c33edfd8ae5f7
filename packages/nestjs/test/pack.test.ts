import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { packAndImport } from '../../../scripts/pack-check.js'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const pkg = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('installs beside core and Nest and loads from ESM and CommonJS, with types', () => {
    const body = (load: string) => `${load}
const dynamic = ParamkitModule.forRoot({ config: { backend: {}, env: 'prod', service: 'x' }, isGlobal: true })
console.log(JSON.stringify({ module: dynamic.module.name, global: dynamic.global, token: String(PARAMKIT_CLIENT) }))`
    const result = packAndImport({
      packages: [core, pkg],
      esm: body(
        `import 'reflect-metadata'\nimport { ParamkitModule, PARAMKIT_CLIENT } from '@paramkit/nestjs'`,
      ),
      cjs: body(
        `require('reflect-metadata')\nconst { ParamkitModule, PARAMKIT_CLIENT } = require('@paramkit/nestjs')`,
      ),
      types: {
        mts: `import { paramkitNamespace, type NamespaceType } from '@paramkit/nestjs'\nimport type { StandardSchemaV1 } from '@paramkit/core'\ndeclare const s: StandardSchemaV1<unknown, { host: string }>\nconst ns = paramkitNamespace('db', s)\nexport const host: NamespaceType<typeof ns>['host'] = 'h'\n`,
        cts: `import { InjectConfig } from '@paramkit/nestjs'\nexport const d = InjectConfig()\n`,
      },
      extraDependencies: ['@nestjs/common@11', '@nestjs/core@11', 'reflect-metadata', 'rxjs'],
    })
    const expected = { module: 'ParamkitModule', global: true, token: 'Symbol(paramkit:client)' }
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
  }, 180_000)
})
