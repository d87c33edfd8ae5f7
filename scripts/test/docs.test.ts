import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const read = (file: string) => readFileSync(join(root, file), 'utf8')

describe('documentation in the repository', () => {
  it('README links only inside the repository, and links ARCHITECTURE.md', () => {
    const links = [...read('README.md').matchAll(/\]\(([^)#]+)[^)]*\)/g)].map((m) => m[1]!)
    const local = links.filter((link) => !/^https?:/.test(link))
    expect(local.filter((link) => link.startsWith('../'))).toEqual([])
    expect(local).toContain('ARCHITECTURE.md')
    expect(local.filter((link) => !existsSync(join(root, link)))).toEqual([])
  })

  it('ARCHITECTURE.md covers every package and the sections a newcomer needs', () => {
    const text = read('ARCHITECTURE.md')
    for (const heading of [
      '## Packages',
      '## The data flow of a `get`',
      '## The read pipeline and the slot states',
      '## The security model',
    ])
      expect(text).toContain(heading)
    for (const dir of readdirSync(join(root, 'packages'))) {
      const { name } = JSON.parse(read(`packages/${dir}/package.json`))
      expect(text).toContain(`| packages/${dir} | ${name} |`)
    }
  })

  it("ARCHITECTURE.md's packages table names each package's dependencies and peers as package.json has them", () => {
    const rows = new Map(
      [...read('ARCHITECTURE.md').matchAll(/^\| packages\/([^ ]+) \| [^|]+ \| ([^|]*) \|/gm)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    )
    const short = (name: string) => name.replace(/^@paramkit\//, '')
    for (const dir of readdirSync(join(root, 'packages'))) {
      const manifest = JSON.parse(read(`packages/${dir}/package.json`))
      const cell = rows.get(dir) ?? ''
      const missing = [
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]
        .map(short)
        .filter((name) => !cell.includes(name))
      expect({ dir, missing }).toEqual({ dir, missing: [] })
      if (manifest.peerDependencies) expect(cell, dir).toMatch(/peer/)
    }
  })

  it('README states the supported Node versions and the engines plan, and every package agrees', () => {
    const readme = read('README.md')
    expect(readme).toContain('Node 20.19+, 22 and 24; CI (`bash .ci/run`) runs the whole test suite on each.')
    expect(readme).toMatch(/when the SDK drops Node 20, paramkit's `engines` moves to `>=22`/)
    const engines = JSON.parse(read('package.json')).engines.node
    expect(engines).toBe('>=20.19.0')
    for (const dir of readdirSync(join(root, 'packages')))
      expect(JSON.parse(read(`packages/${dir}/package.json`)).engines?.node).toBe(engines)
  })

  it('README documents every route the order-api examples serve', () => {
    const routes = [...read('examples/order-api-express/app.mjs').matchAll(/app\.get\('([^']+)'/g)].map(
      (m) => m[1]!,
    )
    expect(routes).toEqual(['/health', '/config', '/orders/feature'])
    const nest = read('examples/order-api-nestjs/src/order.controller.ts')
    for (const route of routes) {
      expect(read('README.md')).toContain(`\`GET ${route}\``)
      expect(nest).toContain(`@Get('${route.slice(1)}')`)
    }
  })

  it('the repository and every package are MIT with the LICENSE file', () => {
    expect(read('LICENSE')).toMatch(/^MIT License/)
    for (const dir of readdirSync(join(root, 'packages'))) {
      expect(JSON.parse(read(`packages/${dir}/package.json`)).license).toBe('MIT')
      expect(read(`packages/${dir}/LICENSE`)).toBe(read('LICENSE'))
    }
  })
})
