import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { envName, mapKeys } from '../src/env-names.js'

const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-'.split('')
const segment = fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 8 })
/** Relative keys as listings give them: `database/host`, `a.b/c-d`. */
const key = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'))
/** Keys from a small alphabet, so that collisions (`a-b` vs `a/b` vs `A_B`) are common. */
const collidingKey = fc
  .array(
    fc.string({ unit: fc.constantFrom('a', 'A', 'b', '_', '-', '.', '1'), minLength: 1, maxLength: 3 }),
    {
      minLength: 1,
      maxLength: 3,
    },
  )
  .map((parts) => parts.join('/'))

describe('envName', () => {
  it('maps the documented examples', () => {
    expect(envName('database/host')).toBe('DATABASE_HOST')
    expect(envName('config/feature-flag.v2')).toBe('CONFIG_FEATURE_FLAG_V2')
    expect(envName('/prod/api/x')).toBe('PROD_API_X')
    expect(envName('3rd/party')).toBe('_3RD_PARTY')
  })

  it('always gives a valid POSIX variable name', () => {
    fc.assert(fc.property(key, (k) => /^[A-Z_][A-Z0-9_]*$/.test(envName(k))))
  })

  it('keeps every letter and digit, upper-cased, in order', () => {
    fc.assert(
      fc.property(key, (k) => {
        const kept = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').toUpperCase()
        expect(kept(envName(k))).toBe(kept(k))
      }),
    )
  })

  it('is the identity on names that are already variable names', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/), (name) => {
        expect(envName(name)).toBe(name)
      }),
    )
  })
})

describe('mapKeys', () => {
  it('gives each variable exactly one key, and reports every name more than one key maps to', () => {
    fc.assert(
      fc.property(fc.array(collidingKey, { maxLength: 20 }), (keys) => {
        const { names, collisions } = mapKeys(keys)
        const unique = [...new Set(keys)]
        // Every key is either the one used for its name or listed in that name's collision.
        for (const k of unique) {
          const name = envName(k)
          const collision = collisions.find((c) => c.name === name)
          expect(names.get(name) === k || collision?.keys.includes(k)).toBe(true)
        }
        // A collision is reported exactly when two distinct keys share a name.
        const sharing = new Set(unique.map(envName).filter((n, i, all) => all.indexOf(n) !== i))
        expect(new Set(collisions.map((c) => c.name))).toEqual(sharing)
        for (const c of collisions) {
          expect(c.keys).toEqual(unique.filter((k) => envName(k) === c.name).sort())
          expect(names.get(c.name)).toBe(c.used)
          expect(c.used).toBe(c.keys[0])
        }
        expect(names.size).toBe(new Set(unique.map(envName)).size)
      }),
    )
  })

  it('resolves collisions the same way whatever the order of the keys', () => {
    fc.assert(
      fc.property(
        fc
          .array(collidingKey, { maxLength: 15 })
          .chain((keys) =>
            fc.tuple(
              fc.constant(keys),
              fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }),
            ),
          ),
        ([keys, shuffled]) => {
          const a = mapKeys(keys)
          const b = mapKeys(shuffled)
          expect([...b.names]).toEqual([...a.names])
          expect(b.collisions).toEqual(a.collisions)
        },
      ),
    )
  })
})
