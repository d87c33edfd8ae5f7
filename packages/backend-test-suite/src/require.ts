// The CommonJS entry. vitest is ESM-only and refuses require(), so from CommonJS the suite has no
// default runner: it registers with `options.test` (e.g. jest's globals) and otherwise says why not.
import type { ConformanceOptions, CreateBackend } from './context.js'
import { registerConformanceSuite } from './suite.js'

export * from './exports.js'

export function backendConformanceSuite(
  name: string,
  create: CreateBackend,
  options: ConformanceOptions = {},
): void {
  if (!options.test)
    throw new Error(
      'backendConformanceSuite registers vitest tests by default, and vitest is ESM-only: import @paramkit/backend-test-suite from an ESM test file (vitest test files are ESM by default), or pass options.test.',
    )
  registerConformanceSuite(name, create, options, options.test)
}
