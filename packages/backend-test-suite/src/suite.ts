import type { Backend, BackendCapabilities } from '@paramkit/core/backend'
import { afterEach, describe, expect, it } from 'vitest'
import { groups, omittedGroups, reasonHolds } from './capabilities.js'
import { type ConformanceOptions, type CreateBackend, makeContext, type SuiteContext } from './context.js'
import { listTests, nonRecursiveListTests } from './groups/list.js'
import { readTests } from './groups/reads.js'
import { typeTests } from './groups/types.js'
import { labelTests, stageTests, versionTests } from './groups/versions.js'
import { writeTests } from './groups/writes.js'

const registrars: Record<string, (ctx: SuiteContext) => void> = {
  reads: readTests,
  types: typeTests,
  list: listTests,
  'list (one level)': nonRecursiveListTests,
  versions: versionTests,
  labels: labelTests,
  stages: stageTests,
  writes: writeTests,
}

/**
 * Registers the behaviours every paramkit backend must have as vitest tests. Groups a backend
 * cannot take part in (by its capability flags) are left out and listed, never skipped.
 */
export function backendConformanceSuite(
  name: string,
  createBackend: CreateBackend,
  options: ConformanceOptions = {},
): void {
  const capabilities = options.capabilities ?? capabilitiesOf(createBackend)
  const ctx = makeContext(createBackend, capabilities, options)
  const omitted = omittedGroups(capabilities)
  const summary = omitted.length ? omitted.map((o) => `${o.group} (${o.reason})`).join(', ') : 'none'
  console.info(`[conformance ${name}] groups left out by capability flags: ${summary}`)

  describe(`${name} backend conformance`, () => {
    if (options.reset) afterEach(options.reset)

    it(`declares its capabilities; left out: ${summary}`, () => {
      expect(capabilities.types.length).toBeGreaterThan(0)
      expect(capabilities.batchSize).toBeGreaterThan(0)
      expect(capabilities.maxValueBytes).toBeGreaterThan(0)
      // Every group is registered or left out, never both; each is left out only for a capability it lacks.
      expect([...registered, ...omitted.map((o) => o.group)].sort()).toEqual(groups.map((g) => g.name).sort())
      for (const { group, reason } of omitted)
        expect({ group, holds: reasonHolds(capabilities, reason) }).toEqual({ group, holds: true })
    })

    const registered: string[] = []
    for (const group of groups) {
      if (group.needs?.(capabilities)) continue
      registrars[group.name]!(ctx)
      registered.push(group.name)
    }
  })
}

function capabilitiesOf(create: CreateBackend): BackendCapabilities {
  const made = create() as Backend | Promise<Backend>
  if (made instanceof Promise) {
    made.then((b) => b.close?.()).catch(() => {})
    throw new Error('backendConformanceSuite: createBackend is async; pass options.capabilities')
  }
  return made.capabilities
}
