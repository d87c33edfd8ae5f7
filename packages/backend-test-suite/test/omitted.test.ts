import { type BackendCapabilities, minimalCapabilities } from '@paramkit/core/backend'
import { describe, expect, it } from 'vitest'
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

  it('explains a writable backend without Secret support', () => {
    const caps = { ...full, types: ['String' as const] }
    expect(omittedGroups(caps)).toEqual([{ group: 'stages', reason: 'cannot write Secret' }])
  })
})
