import {
  createConfig,
  isParamkitError,
  NotFoundError,
  routeBackends,
  type ValidationError,
} from '@paramkit/core'
import type { Backend } from '@paramkit/core/backend'
import { memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

async function ruleOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run()
  } catch (error) {
    if (isParamkitError(error) && error.code === 'VALIDATION') return (error as ValidationError).rule
    throw error
  }
  return undefined
}

const callCount = (backend: ReturnType<typeof memoryBackend>) =>
  Object.values(backend.stats().calls).reduce((a, b) => a + b, 0)

// The memory backend gives core Parameter Store's rules (`checkName`): keys, levels and paths break
// them with a ValidationError naming the key and the rule before the backend is called.
describe("Parameter Store's name rules through createConfig, before any call", () => {
  it('refuses a bad key, naming the key and the rule', async () => {
    const backend = memoryBackend({ seed: { '/prod/api/a': '1' } })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    expect(await ruleOf(() => config.get('bad key!'))).toBe('characters')
    expect(await ruleOf(() => config.get('/aws/x'))).toBe('reserved-prefix')
    expect(await ruleOf(() => config.get('a:0'))).toBe('selector-version')
    const error = (await config.get('/aws/x').catch((e: unknown) => e)) as ValidationError
    expect(error.key).toBe('/aws/x')
    expect(await ruleOf(() => config.getMany(['a', `/${'a/'.repeat(20)}b`]))).toBe('max-levels')
    expect(callCount(backend)).toBe(0)
    await config.close()
  })

  it('refuses a bad level when the client is made', () => {
    const backend = memoryBackend()
    expect(() => createConfig({ backend, prefix: '/ssm/{env}', env: 'prod' })).toThrow(/reserved-prefix/)
  })

  it('getTree checks an absolute path before it lists anything', async () => {
    const backend = memoryBackend({ seed: { '/prod/api/a': '1' } })
    const config = createConfig({ backend })
    const badLevel = fc.oneof(
      fc.constantFrom('a b', 'x?y', '', 'aws', 'ssm-x', '../etc', 'a//b', 'tab\t'),
      fc.string({ minLength: 1, maxLength: 8 }).filter((s) => /[^a-zA-Z0-9_.\-/]/.test(s)),
    )
    await fc.assert(
      fc.asyncProperty(badLevel, fc.boolean(), async (level, deep) => {
        const path = deep ? `/prod/${level}/x` : `/${level}`
        if (
          path === '/' ||
          (/^\/[a-zA-Z0-9_.-]+(\/[a-zA-Z0-9_.-]+)*\/?$/.test(path) && !/^\/(aws|ssm)/i.test(path))
        )
          return
        expect(await ruleOf(() => config.getTree(path))).toBeDefined()
      }),
    )
    expect(await ruleOf(() => config.getTree(`/${'a/'.repeat(20)}b`))).toBe('max-levels')
    expect(backend.stats().calls.list).toBe(0)
    await config.close()
  })

  it('a router applies the rules of the backend that owns the name', async () => {
    const backend = memoryBackend()
    const plain: Backend = {
      name: 'plain',
      capabilities: backend.capabilities,
      get: async (name) => {
        throw new NotFoundError(`no ${name}`)
      },
      getMany: async (names) => ({ entries: [], missing: [...names], invalid: [] }),
      async *list() {},
    }
    const router = routeBackends([{ prefix: '/ssm-rules', backend }, { backend: plain }])
    const config = createConfig({ backend: router })
    expect(await ruleOf(() => config.get('/ssm-rules/bad key'))).toBe('characters')
    expect(await config.getOptional('/other/bad key')).toBeUndefined()
    expect(await ruleOf(() => config.get('/other/bad\u0007key'))).toBe('control-characters')
    expect(callCount(backend)).toBe(0)
  })
})
