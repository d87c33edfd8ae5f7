import type { Entry } from '@paramkit/core/backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { withRequestedSelectors } from '../src/entries.js'

const entry = (name: string, version: number, selector?: string): Entry => ({
  name,
  value: `${name}@${version}`,
  type: 'String',
  version: String(version),
  sensitive: false,
  ...(selector ? { selector } : {}),
})

describe('withRequestedSelectors', () => {
  it('gives every answer to a version request the selector it was asked with, echoed or not', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.constantFrom('/a', '/b', '/c'), fc.integer({ min: 1, max: 5 })), {
          minLength: 1,
          maxLength: 8,
          selector: ([n, v]) => `${n}:${v}`,
        }),
        fc.boolean(),
        (requests, echoed) => {
          const requested = requests.map(([n, v]) => `${n}:${v}`)
          const answers = fc
            .sample(fc.shuffledSubarray(requests, { minLength: requests.length }), 1)[0]!
            .map(([n, v]) => entry(n, v, echoed ? `:${v}` : undefined))
          const out = withRequestedSelectors(requested, answers)
          expect(out.map((e) => e.name + e.selector).sort()).toEqual([...requested].sort())
        },
      ),
    )
  })

  it('matches a label request by elimination and leaves plain requests alone', () => {
    const out = withRequestedSelectors(
      ['/a', '/a:stable', '/b:2'],
      [entry('/a', 3), entry('/a', 1), entry('/b', 2)],
    )
    expect(out.map((e) => e.selector)).toEqual([undefined, ':stable', ':2'])
  })
})
