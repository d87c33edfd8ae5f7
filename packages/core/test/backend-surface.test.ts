import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// `@paramkit/core/backend` is a published promise: a name joins it only when another published
// package's source needs it. What only tests and benchmarks use belongs at `/testing`.
const BACKEND_NAMES = [
  'checkArnService',
  'isArn',
  'Backend',
  'BackendCapabilities',
  'BackendChange',
  'BackoffOptions',
  'ChangeFeed',
  'ChangeKind',
  'DataKey',
  'Entry',
  'EntryType',
  'GetManyResult',
  'KeyProvider',
  'KeyProviderStats',
  'KeyResolver',
  'KeyRing',
  'ListOptions',
  'ListPage',
  'NameCheck',
  'Operation',
  'PutOptions',
  'ReadOptions',
  'RingKey',
  'WrappedDataKey',
  'changeFeedOf',
  'chunk',
  'defaultRotationPolicy',
  'expandTemplate',
  'invalidName',
  'jitteredBackoff',
  'mapConcurrent',
  'optionNames',
  'rejectUnknownOptions',
  'splitField',
  'writeFileAtomic',
]

const TESTING_NAMES = [
  'CIPHER_NAMES',
  'EncryptedCache',
  'SecretForms',
  'cacheDefaults',
  'encodeAad',
  'minimalCapabilities',
  'seal',
]

const packages = fileURLToPath(new URL('../..', import.meta.url))

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
}

/** Names a module re-exports with `export { ... } from` / `export type { ... } from`. */
function exportedNames(file: string): string[] {
  const names: string[] = []
  for (const statement of parse(file).statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) names.push(element.name.text)
    }
  }
  return names.sort()
}

/** Names each other package's src imports from `specifier`. */
function importedNames(specifier: string): Map<string, string[]> {
  const users = new Map<string, string[]>()
  for (const pkg of readdirSync(packages)) {
    if (pkg === 'core') continue
    const src = join(packages, pkg, 'src')
    let files: string[]
    try {
      files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|mts|tsx)$/.test(f))
    } catch {
      continue
    }
    for (const file of files) {
      for (const statement of parse(join(src, file)).statements) {
        const bindings = ts.isImportDeclaration(statement)
          ? statement.importClause?.namedBindings
          : ts.isExportDeclaration(statement)
            ? statement.exportClause
            : undefined
        const from = (statement as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier
        if (!bindings || !from || !ts.isStringLiteral(from) || from.text !== specifier) continue
        if (ts.isNamespaceImport(bindings) || ts.isNamespaceExport(bindings)) continue
        for (const element of bindings.elements) {
          const name = (element.propertyName ?? element.name).text
          users.set(name, [...(users.get(name) ?? []), `${pkg}/src/${file}`])
        }
      }
    }
  }
  return users
}

describe('the @paramkit/core/backend surface', () => {
  const backendNames = exportedNames(fileURLToPath(new URL('../src/backend-entry.ts', import.meta.url)))
  const testingNames = exportedNames(fileURLToPath(new URL('../src/testing-entry.ts', import.meta.url)))

  it('exports exactly the names listed here', () => {
    expect(backendNames).toEqual([...BACKEND_NAMES].sort())
    expect(testingNames).toEqual([...TESTING_NAMES].sort())
  })

  it('holds only names another published package imports', () => {
    const users = importedNames('@paramkit/core/backend')
    expect(backendNames.filter((name) => !users.has(name))).toEqual([])
  })

  it('keeps /testing out of every package source and apart from /backend', () => {
    expect([...importedNames('@paramkit/core/testing').keys()]).toEqual([])
    expect(testingNames.filter((name) => backendNames.includes(name))).toEqual([])
  })
})
