import type { BackendCapabilities } from '@paramkit/core/backend'
import { omittedGroups, reasonHolds } from './capabilities.js'
import { conformanceGroups } from './conformance-groups.js'
import { type ConformanceOptions, type CreateBackend, makeContext } from './context.js'
import type { TestApi } from './test-api.js'

/**
 * Registers the behaviours every paramkit backend must have as tests of `test`. Groups a backend
 * cannot take part in (by its capability flags) are left out and listed, never skipped.
 */
export function registerConformanceSuite(
  name: string,
  createBackend: CreateBackend,
  options: ConformanceOptions,
  test: TestApi,
): void {
  const capabilities = options.capabilities ?? capabilitiesOf(createBackend)
  const ctx = makeContext(createBackend, capabilities, options, test)
  const groups = options.groups ?? conformanceGroups
  const omitted = omittedGroups(capabilities, groups)
  const summary = omitted.length ? omitted.map((o) => `${o.group} (${o.reason})`).join(', ') : 'none'
  console.info(`[conformance ${name}] groups left out by capability flags: ${summary}`)

  test.describe(`${name} backend conformance`, () => {
    if (options.reset) test.afterEach(options.reset)

    test.it(`declares its capabilities; left out: ${summary}`, () => {
      test.expect(capabilities.types.length).toBeGreaterThan(0)
      test.expect(capabilities.batchSize).toBeGreaterThan(0)
      test.expect(capabilities.maxValueBytes).toBeGreaterThan(0)
      // Every group asked for is registered or left out, never both; each is left out only for a capability it lacks.
      test
        .expect([...registered, ...omitted.map((o) => o.group)].sort())
        .toEqual(groups.map((g) => g.name).sort())
      for (const { group, reason } of omitted)
        test.expect({ group, holds: reasonHolds(capabilities, reason) }).toEqual({ group, holds: true })
    })

    const registered: string[] = []
    for (const group of groups) {
      if (group.needs?.(capabilities)) continue
      group.register(ctx)
      registered.push(group.name)
    }
    options.additionalTests?.(ctx)
  })
}

function capabilitiesOf(create: CreateBackend): BackendCapabilities {
  const made = create()
  if ('then' in made) {
    made.then((b) => b.close?.()).catch(() => {})
    throw new Error('backendConformanceSuite: createBackend is async; pass options.capabilities')
  }
  return made.capabilities
}
