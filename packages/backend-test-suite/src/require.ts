// The CommonJS entry. vitest is ESM-only and refuses require(), so from CommonJS the suite
// cannot register tests; everything that does not need vitest is here, and the suite says why.
import type { ConformanceOptions, CreateBackend } from './context.js'

export { omittedGroups } from './capabilities.js'
export type { ConformanceOptions, CreateBackend, SeedEntry } from './context.js'

export function backendConformanceSuite(
  _name: string,
  _create: CreateBackend,
  _options?: ConformanceOptions,
): never {
  throw new Error(
    'backendConformanceSuite registers vitest tests, and vitest is ESM-only: import @paramkit/backend-test-suite from an ESM test file (vitest test files are ESM by default).',
  )
}
