import { describe, expect, it } from 'vitest'
import { changeFeedOf } from '../src/backend-entry.js'
import { createConfig } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

describe('change feed of a config client', () => {
  it('maps a backend change to the cached keys it touches', async () => {
    const backend = stubBackend({
      '/prod/api/db/host': 'h',
      '/prod/api/db/port': '1',
      '/prod/api/db/hostname': 'x',
    })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    await config.getTree('db')
    await config.getOptional('db/user') // a cached not-found
    const feed = changeFeedOf(config)!
    expect(feed.backendName).toBe('stub')
    const keys = (name: string, kind: 'created' | 'updated' | 'deleted' | 'labeled') =>
      feed.keysFor({ name, kind }).sort()
    expect(keys('/prod/api/db/host', 'updated')).toEqual(['/prod/api/db/host'])
    expect(keys('/prod/api/db/host', 'deleted')).toEqual(['/prod/api/db/host', 'list:/prod/api/db'])
    expect(keys('/prod/api/db/user', 'created')).toEqual(['/prod/api/db/user', 'list:/prod/api/db'])
    expect(keys('/prod/api/db/host', 'labeled')).toEqual([])
    expect(keys('/prod/other', 'updated')).toEqual([])
    expect(changeFeedOf({})).toBeUndefined()
    await config.close()
    expect(feed.closed).toBe(true)
    expect(await feed.apply({ name: '/prod/api/db/host', kind: 'updated' })).toEqual({ names: [], failed: 0 })
  })

  it('reloads what an update touches, reports the refresh, and marks a deletion not found without a call', async () => {
    const backend = stubBackend({ '/prod/api/db/host': 'h1' })
    const config = createConfig({ backend, env: 'prod', service: 'api', cache: { ttl: 3_600_000 } })
    expect(await config.get('db/host')).toBe('h1')
    const refreshes: string[][] = []
    config.on('refresh', (e) => refreshes.push(e.names))
    const feed = changeFeedOf(config)!
    backend.set('/prod/api/db/host', 'h2')
    expect(await feed.apply({ name: '/prod/api/db/host', kind: 'updated' })).toEqual({
      names: ['/prod/api/db/host'],
      failed: 0,
    })
    expect(await config.get('db/host')).toBe('h2')
    const calls = backend.calls.get + backend.calls.getMany
    await feed.apply({ name: '/prod/api/db/host', kind: 'deleted' })
    expect(await config.getOptional('db/host')).toBeUndefined()
    expect(backend.calls.get + backend.calls.getMany).toBe(calls)
    expect(refreshes).toEqual([['/prod/api/db/host'], ['/prod/api/db/host']])
    await config.close()
  })
})
