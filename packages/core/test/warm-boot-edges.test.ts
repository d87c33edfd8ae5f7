import { describe, expect, it } from 'vitest'
import { localKeyProvider, NotFoundError, ThrottledError } from '../src/index.js'
import { useVirtualTime } from './support/virtual-time.js'
import {
  callsOf,
  masterKey,
  seed,
  snapshotPath,
  warmClient,
  writeSnapshotFrom,
} from './support/warm-boot-client.js'

describe('warm boot at its edges', () => {
  useVirtualTime()

  it('a key provider that cannot seal while restoring (KMS throttled) refuses the boot, never the loads', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const local = localKeyProvider({ masterKey })
    let refusals = 1
    const throttledOnce = {
      ...local,
      keyForSeal() {
        if (refusals-- > 0) throw new ThrottledError('KMS GenerateDataKey: Rate exceeded', { backend: 'kms' })
        return local.keyForSeal()
      },
    }
    const live = { ...seed, '/prod/api/db/host': 'live.internal' }
    const { backend, config, errors } = warmClient(path, live, { keyProvider: throttledOnce })
    await expect(config.preload(['db/host', 'db/password'])).resolves.toBeUndefined()
    expect(config.getSync('db/host')).toBe('live.internal')
    await expect(config.load()).resolves.toMatchObject({ db: { host: 'live.internal' } })
    expect((await config.getSecret('db/password')).reveal()).toBe('W4rm-b00t-pw')
    expect(callsOf(backend)).toBeGreaterThan(0)
    expect(errors.map((e) => e.name)).toEqual(['ThrottledError'])
    expect(config.stats().snapshot).toMatchObject({
      warmBoot: { outcome: 'refused', reason: 'key-unavailable' },
    })
    await config.close()
  })

  it('a key added after the snapshot is read from the backend, never "not found"; a level the snapshot lists still skips', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const { backend, config } = warmClient(path, { ...seed, '/prod/api/new/setting': 'added-later' })
    const booted = await config.load()
    expect(booted).not.toHaveProperty('new')
    expect(callsOf(backend)).toBe(0)
    // A fallback found in the snapshot: the booted listing of /prod/api may skip that level, no call.
    expect(await config.get('region')).toBe('eu-west-1')
    expect(callsOf(backend)).toBe(0)
    // Absent from every booted listing proves nothing on its own: the backend is asked.
    await expect(config.get('new/setting')).resolves.toBe('added-later')
    await expect(config.get('never/there')).rejects.toSatisfy((error) => NotFoundError.is(error))
    expect(callsOf(backend)).toBeGreaterThan(0)
    await config.close()
  })
})
