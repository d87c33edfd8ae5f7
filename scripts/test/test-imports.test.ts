import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Source files below `dir`, without node_modules, dist and generated README examples. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(?:[cm]?[jt]s|tsx)$/.test(e.name) && !e.name.includes('.generated.'))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !file.split(sep).some((part) => part === 'node_modules' || part === 'dist'))
}

/** Each relative specifier in `code`: import, export … from, dynamic import, require, new URL. */
function relativeSpecifiers(code: string): string[] {
  const pattern =
    /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*|new URL\(\s*)(['"])(\.{1,2}\/[^'"]*)\1/g
  return [...code.matchAll(pattern)].map((m) => m[2]!)
}

/** Files under `trees` (relative to `base`) with a relative path that climbs into `base`/scripts, and the path. */
function importsIntoScripts(base: string, trees: readonly string[]): string[] {
  const scripts = join(base, 'scripts')
  const found: string[] = []
  for (const tree of trees)
    for (const file of sources(join(base, tree)))
      for (const specifier of relativeSpecifiers(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), specifier)
        if (target === scripts || target.startsWith(scripts + sep))
          found.push(`${relative(base, file)} -> ${specifier}`)
      }
  return found
}

/** Where tests live that take their helpers from @paramkit/test-support, never from scripts/. */
const testTrees = [
  ...readdirSync(join(root, 'packages')).map((pkg) => join('packages', pkg, 'test')),
  'examples',
  'security',
  'benchmarks',
].filter((tree) => existsSync(join(root, tree)))

describe('test imports', () => {
  it('no package, example, security or benchmark file reaches into scripts/: helpers come from @paramkit/test-support', () => {
    expect(testTrees).toEqual(expect.arrayContaining(['packages/core/test', 'examples', 'security']))
    expect(importsIntoScripts(root, testTrees)).toEqual([])
  })

  it('names each file that climbs into scripts/, by import, re-export or URL', () => {
    const base = mkdtempSync(join(tmpdir(), 'paramkit-imports-'))
    try {
      const write = (file: string, code: string) => {
        mkdirSync(dirname(join(base, file)), { recursive: true })
        writeFileSync(join(base, file), code)
      }
      write('scripts/pack-check.ts', 'export const x = 1\n')
      write('packages/a/test/pack.test.ts', "import { x } from '../../../scripts/pack-check.js'\n")
      write('packages/a/test/support/re.ts', "export { x } from '../../../../scripts/pack-check.js'\n")
      write(
        'examples/app/test/url.test.ts',
        "const s = new URL('../../../scripts/moto/run.mjs', import.meta.url)\n",
      )
      write(
        'packages/a/test/clean.test.ts',
        "import { x } from '@paramkit/test-support/pack-check'\nimport './local.js'\n",
      )
      expect(importsIntoScripts(base, ['packages/a/test', 'examples']).sort()).toEqual([
        'examples/app/test/url.test.ts -> ../../../scripts/moto/run.mjs',
        'packages/a/test/pack.test.ts -> ../../../scripts/pack-check.js',
        'packages/a/test/support/re.ts -> ../../../../scripts/pack-check.js',
      ])
    } finally {
      rmSync(base, { recursive: true, force: true })
    }
  })
})
