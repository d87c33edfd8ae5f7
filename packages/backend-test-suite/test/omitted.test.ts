import { minimalCapabilities } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
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

  it('leaves out nothing for the memory backend', () => {
    expect(omittedGroups(memoryBackend().capabilities)).toEqual([])
  })

  it('explains a writable backend without Secret support', () => {
    const caps = { ...memoryBackend().capabilities, types: ['String' as const] }
    expect(omittedGroups(caps)).toEqual([{ group: 'stages', reason: 'cannot write Secret' }])
  })
})
