import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hierarchyKey, splitHead } from '../src/dotted-path.js'
import { keyReader, liveConfigService, secretKeysOf } from '../src/live-config-service.js'

/** A level name Parameter Store allows, with no `.` (a dot is a level separator in a path). */
const level = fc.stringMatching(/^[a-zA-Z0-9_-]{1,8}$/)
const levels = fc.array(level, { minLength: 1, maxLength: 6 })

describe('dotted paths map onto the hierarchy', () => {
  it('a dotted path is its levels joined by "/"; a path with a "/" is kept as written', () => {
    fc.assert(
      fc.property(levels, (names) => {
        expect(hierarchyKey(names.join('.'))).toBe(names.join('/'))
        expect(hierarchyKey(names.join('/'))).toBe(names.join('/'))
        expect(hierarchyKey(`/${names.join('/')}`)).toBe(`/${names.join('/')}`)
        expect(splitHead(names.join('.'))).toEqual([names[0], names.slice(1)])
      }),
    )
  })

  it('ConfigService.get(dotted) is getSync of the key for every leaf of a random tree, secrets as Secrets', async () => {
    const leaf = fc.record({ value: fc.stringMatching(/^[a-z0-9]{1,12}$/), secret: fc.boolean() })
    const paths = fc.uniqueArray(fc.tuple(levels, leaf), {
      minLength: 1,
      maxLength: 12,
      // No leaf may be a level above another one (a name and a path of the same name).
      selector: ([names]) => names.join('/'),
    })
    await fc.assert(
      fc.asyncProperty(paths, async (entries) => {
        const kept = entries.filter(
          ([names]) =>
            !entries.some(
              ([other]) => other.length > names.length && other.join('/').startsWith(`${names.join('/')}/`),
            ),
        )
        const seed = Object.fromEntries(
          kept.map(([names, { value, secret }]) => [
            `/prod/app/${names.join('/')}`,
            secret ? { type: 'SecureString' as const, value } : value,
          ]),
        )
        const client = createConfig({ backend: memoryBackend({ seed }), env: 'prod', service: 'app' })
        const tree = (await client.load()) as Record<string, unknown>
        const service = liveConfigService(Object, {
          read: keyReader(client, secretKeysOf(tree)),
          tree,
          namespaces: new Map(),
        }) as { get(path: string): unknown }
        for (const [names, { value, secret }] of kept) {
          const got = service.get(names.join('.'))
          if (secret)
            expect([String(got), (got as { reveal(): string }).reveal()]).toEqual(['[redacted]', value])
          else expect(got).toBe(client.getSync(names.join('/')))
          expect(service.get(`${names.join('.')}.missing_level`)).toBeUndefined()
        }
        await client.close()
      }),
      { numRuns: 60 },
    )
  })
})
