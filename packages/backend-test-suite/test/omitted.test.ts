import type { BackendCapabilities } from '@paramkit/core/backend'
import { minimalCapabilities } from '@paramkit/core/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { reasonHolds } from '../src/capabilities.js'
import { omittedGroups } from '../src/index.js'

describe('omittedGroups', () => {
  it('leaves out what a minimal read-only backend cannot do, with the reason', () => {
    expect(omittedGroups(minimalCapabilities)).toEqual([
      { group: 'list (one level)', reason: 'nonRecursiveList: false' },
      { group: 'versions', reason: 'versionSelectors: false' },
      { group: 'labels', reason: 'labelSelectors: false' },
      { group: 'stages', reason: 'stages: false' },
      { group: 'writes', reason: 'write: false' },
    ])
  })

  const full: BackendCapabilities = {
    write: true,
    types: ['String', 'StringList', 'SecureString', 'Secret', 'Binary'],
    versionSelectors: true,
    labelSelectors: true,
    stages: true,
    nonRecursiveList: true,
    maxValueBytes: 8192,
    batchSize: 10,
  }

  it('leaves out nothing for a backend that can do everything', () => {
    expect(omittedGroups(full)).toEqual([])
  })

  it('gives, for any capabilities, only reasons that hold, and leaves a group out exactly when its flag is missing', () => {
    const types = fc.subarray(['String', 'StringList', 'SecureString', 'Secret', 'Binary'] as const, {
      minLength: 1,
    })
    const flags = fc.record({
      write: fc.boolean(),
      versionSelectors: fc.boolean(),
      labelSelectors: fc.boolean(),
      stages: fc.boolean(),
      nonRecursiveList: fc.boolean(),
      types,
    })
    fc.assert(
      fc.property(flags, (f) => {
        const caps: BackendCapabilities = { ...f, types: [...f.types], maxValueBytes: 4096, batchSize: 10 }
        const omitted = omittedGroups(caps)
        for (const { reason } of omitted) expect(reasonHolds(caps, reason)).toBe(true)
        expect(omitted.some((o) => o.group === 'writes')).toBe(!caps.write)
        expect(omitted.some((o) => o.group === 'list (one level)')).toBe(!caps.nonRecursiveList)
      }),
    )
  })

  it('refuses a reason that does not hold', () => {
    expect(reasonHolds(full, 'write: false')).toBe(false)
    expect(reasonHolds(full, 'cannot write Secret')).toBe(false)
    expect(reasonHolds(full, 'made up')).toBe(false)
  })

  it('explains a writable backend without Secret support', () => {
    const caps = { ...full, types: ['String' as const] }
    expect(omittedGroups(caps)).toEqual([{ group: 'stages', reason: 'cannot write Secret' }])
  })
})
