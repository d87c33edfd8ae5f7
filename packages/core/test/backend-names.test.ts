import { describe, expect, it } from 'vitest'
import { createConfig, ValidationError } from '../src/index.js'
import type { NameContext } from '../src/names.js'
import { stubBackend } from './support/stub-backend.js'

/** A stub whose `checkName` records what core asks and refuses names holding "!". */
function checkingBackend() {
  const asked: [string, NameContext][] = []
  const backend = Object.assign(stubBackend(), {
    checkName(name: string, context: NameContext) {
      asked.push([name, context])
      if (name.includes('!')) {
        throw new ValidationError(`Invalid name "${name}" (rule: no-bang)`, { key: name, rule: 'no-bang' })
      }
    },
  })
  return { backend, asked }
}

describe("a backend's checkName", () => {
  it('checks every level when the client is made, and every key before any call', async () => {
    const { backend, asked } = checkingBackend()
    const config = createConfig({ backend, env: 'prod', service: 'api', fallbacks: ['/shared'] })
    expect(asked).toEqual([
      ['/prod/api', { allowSelector: false }],
      ['/shared', { allowSelector: false }],
    ])
    asked.length = 0
    const error = (await config.get('db!').catch((e: unknown) => e)) as ValidationError
    expect(error).toBeInstanceOf(ValidationError)
    expect([error.rule, error.key]).toEqual(['no-bang', '/prod/api/db!'])
    // The field is core's: the backend sees the name without it, and may be asked about selectors.
    await config.getOptional('db:3#user')
    expect(asked.slice(-2)).toEqual([
      ['/prod/api/db:3', { allowSelector: true }],
      ['/shared/db:3', { allowSelector: true }],
    ])
    await expect(config.getTree('/x!')).rejects.toThrow(/no-bang/)
    expect(asked.at(-1)).toEqual(['/x!', { allowSelector: false }])
    expect(backend.calls.names.filter((names) => names.some((n) => n.includes('!')))).toEqual([])
    expect(backend.calls.list).toBe(0)
    await config.close()
  })

  it('replaces the shared rules, which still cover a backend without it', async () => {
    const { backend } = checkingBackend()
    const checked = createConfig({ backend })
    expect(await checked.getOptional('/a//b')).toBeUndefined()
    const plain = createConfig({ backend: stubBackend() })
    await expect(plain.get('/a\u0000b')).rejects.toThrow(/control-characters/)
    await expect(plain.get('a/b')).rejects.toThrow(/leading-slash/)
    await expect(plain.get('/a//b')).rejects.toThrow(/empty-level/)
    await expect(plain.getTree('/a#f')).rejects.toThrow(/field-not-allowed/)
    await Promise.all([checked.close(), plain.close()])
  })
})
