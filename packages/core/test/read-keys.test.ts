import {
  segment,
  validFlatName,
  validHierarchicalName,
  validSelector,
} from '@paramkit/test-support/name-arbitraries'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeyResolver, listingKey, slotKeyOf } from '../src/resolver.js'

const field = segment

describe('typed keys: `name:selector#field` and listings parsed once', () => {
  it('a name key holds its slot (less the field), its field and its base (less selector and field)', () => {
    fc.assert(
      fc.property(
        fc.oneof(validHierarchicalName, validFlatName),
        fc.option(validSelector, { nil: undefined }),
        fc.option(field, { nil: undefined }),
        (base, selector, f) => {
          const slot = base + (selector ?? '')
          const name = slot + (f === undefined ? '' : `#${f}`)
          expect(slotKeyOf(name)).toEqual({ kind: 'name', name, slot, field: f, base })
          // What the cache holds parses back to the same slot and base.
          expect(slotKeyOf(slot)).toMatchObject({ kind: 'name', slot, field: undefined, base })
        },
      ),
    )
  })

  it('a listing slot parses back to its path, and never as a name', () => {
    fc.assert(
      fc.property(fc.oneof(validHierarchicalName, fc.constant('/')), (path) => {
        const key = listingKey(path)
        expect(slotKeyOf(key.slot)).toEqual(key)
        expect(slotKeyOf(path).kind).toBe('name')
      }),
    )
  })

  it('a resolution carries its candidates parsed, in order, as the resolver checked them', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.option(validSelector, { nil: undefined }),
        fc.option(field, { nil: undefined }),
        (parts, selector, f) => {
          const resolver = new KeyResolver({
            prefix: '/prod/api',
            fallbacks: ['/prod/shared'],
            variables: {},
          })
          const key = parts.join('/') + (selector ?? '') + (f === undefined ? '' : `#${f}`)
          const resolution = resolver.resolve(key)
          expect(resolution.keys.map((k) => k.name)).toEqual(resolution.candidates)
          for (const k of resolution.keys) {
            expect(k.field).toBe(f)
            expect(k.base).toBe(k.slot.slice(0, k.slot.length - (selector?.length ?? 0)))
          }
        },
      ),
    )
  })
})
