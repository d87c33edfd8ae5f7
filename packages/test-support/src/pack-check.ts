import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface PackCheck {
  /** Folders of the packages to pack, dependencies first (e.g. core, then the package under test). */
  packages: string[]
  /** ESM module body run with `node file.mjs`; must print what the test asserts. */
  esm: string
  /** CommonJS module body run with `node file.cjs`. */
  cjs: string
  /** TypeScript checked with `moduleResolution: NodeNext` as both `.mts` and `.cts`. */
  types?: { mts: string; cts: string }
  /** Registry packages installed beside the tarballs (peers a user would have), e.g. `@nestjs/core@11`. */
  extraDependencies?: string[]
  /** Extra `npm install` flags, e.g. `--omit=optional` (an install without the optional native modules). */
  installFlags?: string[]
  /** Runs after the install, before the checks: e.g. nests a second copy of a package (`app` folder, tarball paths). */
  afterInstall?: (app: string, tarballs: string[]) => void
}

export interface PackResult {
  files: string[][]
  esm: string
  cjs: string
  /** What `npm install` printed (warnings such as EBADENGINE land here). */
  installLog: string
}

/** What every package tarball ships: both builds, types for each condition, its README and the LICENSE. */
export const PUBLISHED_FILES = [
  'dist/index.js',
  'dist/index.cjs',
  'dist/index.d.ts',
  'dist/index.d.cts',
  'README.md',
  'LICENSE',
]

const root = resolve(import.meta.dirname, '../../..')
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const license = readFileSync(join(root, 'LICENSE'), 'utf8')

/** A published package neither depends on the private @paramkit/test-support nor ships code naming it. */
function assertIndependentOfTestSupport(pkg: string, paths: readonly string[]): void {
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as Record<string, unknown>
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (manifest[field] ?? {}) as Record<string, string>
    if (TEST_SUPPORT in deps) throw new Error(`${manifest.name} lists ${TEST_SUPPORT} in ${field}`)
  }
  // package.json may name it among devDependencies, which a user's install never reads.
  for (const path of paths.filter((p) => p !== 'package.json'))
    if (readFileSync(join(pkg, path), 'utf8').includes(TEST_SUPPORT))
      throw new Error(`${manifest.name} ships ${path}, which names ${TEST_SUPPORT}`)
}

const TEST_SUPPORT = '@paramkit/test-support'

/**
 * Packs packages with `npm pack`, installs the tarballs into an empty project and loads them
 * from ESM and CommonJS (and type-checks both conditions), as a user would after `npm install`.
 */
export function packAndImport(check: PackCheck): PackResult {
  const dir = mkdtempSync(join(tmpdir(), 'paramkit-pack-'))
  try {
    const tarballs: string[] = []
    const files: string[][] = []
    for (const pkg of check.packages) {
      const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
        cwd: pkg,
        encoding: 'utf8',
      })
      const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[]
      tarballs.push(join(dir, info!.filename))
      const paths = info!.files.map((f) => f.path)
      if (!paths.includes('LICENSE') || readFileSync(join(pkg, 'LICENSE'), 'utf8') !== license)
        throw new Error(`${info!.filename} lacks the repository's LICENSE file`)
      assertIndependentOfTestSupport(pkg, paths)
      files.push(paths)
    }
    const app = join(dir, 'app')
    mkdirSync(app)
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }))
    const install = spawnSync(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        ...(check.installFlags ?? []),
        ...tarballs,
        ...(check.extraDependencies ?? []),
      ],
      { cwd: app, encoding: 'utf8' },
    )
    const installLog = `${install.stdout}${install.stderr}`
    if (install.status !== 0) throw new Error(`npm install failed:\n${installLog}`)
    check.afterInstall?.(app, tarballs)
    writeFileSync(join(app, 'check.mjs'), check.esm)
    writeFileSync(join(app, 'check.cjs'), check.cjs)
    const esm = execFileSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' })
    const cjs = execFileSync(process.execPath, ['check.cjs'], { cwd: app, encoding: 'utf8' })
    if (check.types) {
      writeFileSync(join(app, 'check-types.mts'), check.types.mts)
      writeFileSync(join(app, 'check-types.cts'), check.types.cts)
      const typeRoots = join(root, 'node_modules', '@types')
      const args = [
        '--noEmit',
        '--strict',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
      ]
      // One program per module system, as a real project is one or the other.
      try {
        for (const file of ['check-types.mts', 'check-types.cts']) {
          execFileSync(process.execPath, [tsc, ...args, '--types', 'node', '--typeRoots', typeRoots, file], {
            cwd: app,
            encoding: 'utf8',
          })
        }
      } catch (error) {
        throw new Error(
          `Type check of the packed package failed:\n${(error as { stdout?: string }).stdout ?? ''}`,
        )
      }
    }
    return { files, esm, cjs, installLog }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
