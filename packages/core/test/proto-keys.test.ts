import { ownAt, protoSegment, prototypeState } from '@paramkit/test-support/proto-keys'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createConfig, Secret } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

describe('names with __proto__, constructor or prototype segments are data', () => {
  it('round-trip through getTree and load, and no global prototype changes', async () => {
    const before = prototypeState()
    await fc.assert(
      fc.asyncProperty(protoSegment, protoSegment, async (a, b) => {
        const backend = stubBackend()
        backend.set(`/prod/api/${a}/token`, 'tok-secret', 'SecureString')
        backend.set(`/prod/api/normal/${b}`, 'plain-value')
        backend.set(`/prod/api/${a}/${b}/deep`, 'deep-value')
        const config = createConfig({ backend, env: 'prod', service: 'api' })
        for (const tree of [await config.getTree(), await config.load()]) {
          expect(Object.getPrototypeOf(tree)).toBe(Object.prototype)
          const token = ownAt(tree, [a, 'token'])
          expect(Secret.is(token) && token.reveal()).toBe('tok-secret')
          expect(ownAt(tree, ['normal', b])).toBe('plain-value')
          expect(ownAt(tree, [a, b, 'deep'])).toBe('deep-value')
        }
        await config.close()
        expect(prototypeState()).toBe(before)
        expect(({} as Record<string, unknown>).token).toBeUndefined()
      }),
      { numRuns: 60 },
    )
  })

  it('a JSON secret holding {"__proto__": ...} gives an object whose prototype is untouched', async () => {
    const backend = stubBackend()
    // Written out: an object literal's `__proto__` would set a prototype, not make a key.
    const value = '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": "x"}, "user": "app"}'
    backend.set('/prod/api/db', value, 'SecureString')
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const tree = await config.getTree('db')
    expect(Object.getPrototypeOf(tree)).toBe(Object.prototype)
    expect((tree as Record<string, unknown>).polluted).toBeUndefined()
    const inner = ownAt(tree, ['__proto__', 'polluted'])
    expect(Secret.is(inner) && inner.reveal()).toBe('yes')
    expect(Secret.is(ownAt(tree, ['constructor', 'prototype']))).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    await config.close()
  })
})
