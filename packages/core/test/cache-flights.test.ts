import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend-entry.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { deferred, settle } from './support/deferred.js'

const entry = (value: string, version: string): Entry => ({
  name: '/k',
  value,
  type: 'SecureString',
  version,
  sensitive: true,
})

/** A loader held open until the test releases it. */
function heldLoad(value: string, version: string) {
  const gate = deferred()
  const load = async () => {
    await gate.promise
    return entry(value, version)
  }
  return { release: gate.resolve, load }
}

describe('loads in flight', () => {
  it('an older load that finishes last never overwrites a newer one', async () => {
    const cache = new EncryptedCache()
    const old = heldLoad('v1', '1')
    const fresh = heldLoad('v2', '2')
    const read = cache.read('/k', old.load)
    await settle()
    const refreshed = cache.refresh('/k', fresh.load)
    fresh.release()
    expect(await refreshed).toBe(true)
    old.release()
    expect((await read)?.value).toBe('v1')
    expect((await cache.read('/k', async () => undefined))?.value).toBe('v2')
  })

  it('invalidate abandons every load in flight for the key, the superseded ones too', async () => {
    const cache = new EncryptedCache()
    const old = heldLoad('v1', '1')
    const fresh = heldLoad('v2', '2')
    const read = cache.read('/k', old.load)
    await settle()
    const refreshed = cache.refresh('/k', fresh.load)
    cache.invalidate('/k')
    fresh.release()
    old.release()
    expect([(await read)?.value, await refreshed]).toEqual(['v1', true])
    expect(cache.keys()).toEqual([])
    expect(cache.options.keyProvider.stats().generated).toBe(0)
  })

  it('a listing that started after a load is not overwritten by it', async () => {
    const cache = new EncryptedCache()
    const old = heldLoad('v1', '1')
    const read = cache.read('/k', old.load)
    await settle()
    await cache.prime('/k', entry('v2', '2'), cache.mark())
    old.release()
    expect((await read)?.value).toBe('v1')
    expect((await cache.read('/k', async () => undefined))?.value).toBe('v2')
  })
})
