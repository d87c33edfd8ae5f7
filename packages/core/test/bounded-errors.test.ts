import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { BackendUnavailableError } from '../src/index.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { settle } from './support/deferred.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await settle()
    gc()
  }
}

describe('failures are remembered within a bound', () => {
  it('the errors of failing keys do not pile up, and close() forgets them all', async () => {
    const cache = new EncryptedCache({ maxEntries: 100 })
    const refs: WeakRef<Error>[] = []
    for (let i = 0; i < 3000; i++) {
      const error = new BackendUnavailableError(`down ${i}`, { key: `/k${i}` })
      refs.push(new WeakRef(error))
      await cache.read(`/k${i}`, () => Promise.reject(error)).catch(() => undefined)
    }
    await collect()
    const alive = () => refs.filter((r) => r.deref() !== undefined).length
    expect(alive()).toBeLessThanOrEqual(1000)
    cache.close()
    await collect()
    expect(alive()).toBe(0)
  })
})
