import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createConfig, isParamkitError, type ValidationError } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

async function ruleOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run()
  } catch (error) {
    if (isParamkitError(error) && error.code === 'VALIDATION') return (error as ValidationError).rule
    throw error
  }
  return undefined
}

const notStrings = fc.oneof(
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.object(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.constant(Symbol('k')),
)

describe('bad input is a ValidationError before any backend call', () => {
  it('non-string keys, in every method that takes one', async () => {
    const backend = stubBackend({ '/prod/api/a': '1' })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    await fc.assert(
      fc.asyncProperty(notStrings, async (key) => {
        const bad = key as unknown as string
        const rules = [
          await ruleOf(() => config.get(bad)),
          await ruleOf(() => config.getOptional(bad)),
          await ruleOf(() => config.getSecret(bad)),
          await ruleOf(() => config.getMany(['a', bad])),
          await ruleOf(() => config.refresh(bad)),
          await ruleOf(() => config.invalidate(bad)),
        ]
        expect(rules).toEqual(new Array(6).fill('key-type'))
        expect(await ruleOf(() => config.getTree(bad))).toBe('path-type')
      }),
    )
    // undefined means "everything" to refresh, invalidate and getTree; elsewhere it is a bad key.
    expect(await ruleOf(() => config.get(undefined as unknown as string))).toBe('key-type')
    expect(backend.calls.get + backend.calls.getMany + backend.calls.list).toBe(0)
    await config.close()
  })

  it('getTree checks an absolute path with the shared rules before it lists anything', async () => {
    const backend = stubBackend({ '/prod/api/a': '1' })
    const config = createConfig({ backend })
    // Names without checkName get what every backend shares; Parameter Store's own rules are tested
    // with the backends that give them (memory-backend's names-before-calls.test.ts).
    const badLevel = fc.oneof(
      fc.constantFrom('a//b', 'tab\t', 'nul\u0000'),
      fc
        .string({ unit: 'binary-ascii', minLength: 1, maxLength: 8 })
        .filter((s) => [...s].some((c) => c.charCodeAt(0) < 32)),
    )
    await fc.assert(
      fc.asyncProperty(badLevel, fc.boolean(), async (level, deep) => {
        const path = deep ? `/prod/${level}/x` : `/${level}`
        expect(await ruleOf(() => config.getTree(path))).toBeDefined()
      }),
    )
    expect(await ruleOf(() => config.getTree('prod/a//b'))).toBe('empty-level')
    expect(backend.calls.list).toBe(0)
    await config.close()
  })
})
