import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend-entry.js'
import { BackendUnavailableError } from '../src/index.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { fakeClock } from './support/stub-backend.js'

const entry = (version: string, expiresAt: number): Entry => ({
  name: '/prod/api/token',
  value: `v${version}`,
  type: 'String',
  version,
  sensitive: false,
  expiresAt: new Date(expiresAt),
})

describe('Expiration is honoured by the cache', () => {
  it('never serves a parameter at or past its expiresAt, however long the TTL, and treats it as gone', async () => {
    const clock = fakeClock()
    const cache = new EncryptedCache({ ttl: 3_600_000, jitter: 0, clock })
    const expiresAt = clock.now() + 2000
    let calls = 0
    // Parameter Store deletes on a periodic scan, so a read just after expiry may still return the parameter.
    const load = async () => entry(String(++calls), expiresAt)
    expect((await cache.read('k', load))?.value).toBe('v1')
    clock.advance(1998)
    expect((await cache.read('k', load))?.value).toBe('v1')
    expect(calls).toBe(1)
    clock.advance(2)
    expect(await cache.read('k', load)).toBeUndefined()
    expect(calls).toBe(2)
  })

  it('does not serve a stale copy past expiry even when the backend fails (stale-if-error stops at expiresAt)', async () => {
    const clock = fakeClock()
    const cache = new EncryptedCache({
      ttl: 1000,
      jitter: 0,
      maxStale: 60_000,
      staleWhileRevalidate: 60_000,
      clock,
    })
    await cache.read('k', async () => entry('1', clock.now() + 5000))
    clock.advance(2000)
    const failing = async () => {
      throw new BackendUnavailableError('down')
    }
    expect((await cache.read('k', failing))?.value).toBe('v1') // stale, before expiry: allowed
    clock.advance(3000)
    await expect(cache.read('k', failing)).rejects.toThrow(/No usable value|down/)
  })
})
