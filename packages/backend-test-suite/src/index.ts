import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConformanceOptions, CreateBackend } from './context.js'
import { registerConformanceSuite } from './suite.js'
import type { TestApi } from './test-api.js'

export * from './exports.js'

/** vitest's test API: what the suite registers with unless `options.test` is given. */
export const vitestApi: TestApi = { describe, it, expect, beforeEach, afterEach }

/**
 * Registers the conformance suite for a backend: every group in `options.groups` (default all) its
 * capabilities allow, then `options.additionalTests`, with `options.test` (default vitest).
 */
export function backendConformanceSuite(
  name: string,
  createBackend: CreateBackend,
  options: ConformanceOptions = {},
): void {
  registerConformanceSuite(name, createBackend, options, options.test ?? vitestApi)
}
