import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IDLE_SWEEP_MS, KeyRing } from '../src/crypto/key-ring.js'
import { localKeyProvider } from '../src/crypto/local-key-provider.js'
import { openText, seal } from '../src/crypto/seal.js'
import { keyGuard } from '../src/crypto/sodium/key-guard.js'
import { loadSodium } from '../src/crypto/sodium/native.js'

// Loaded whatever PARAMKIT_NATIVE says: these tests are about the libsodium path itself.
const native = loadSodium({ env: {} })
const guard = keyGuard(native)
if (!guard) throw new Error('sodium-native must load in this repository (it is installed with core)')
const policy = { maxKeyAge: 60_000, maxSealsPerKey: 2 }
const rings: KeyRing[] = []
const ringWith = () => {
  const ring = new KeyRing(policy, Date.now, guard)
  rings.push(ring)
  return ring
}
afterEach(() => {
  for (const ring of rings.splice(0)) ring.zeroAll()
})
const fresh = () => globalThis.crypto.getRandomValues(new Uint8Array(32))
const isSecure = (key: Uint8Array) => (key as { secure?: boolean }).secure === true

describe('data keys with libsodium', () => {
  it('live in sodium_malloc memory; the caller’s copy is zeroed', () => {
    const ring = ringWith()
    const source = fresh()
    const copy = new Uint8Array(source)
    const entry = ring.install('k1', source)
    expect(isSecure(entry.key)).toBe(true)
    expect(source.every((b) => b === 0)).toBe(true)
    expect([...ring.access(entry)]).toEqual([...copy])
  })

  it('go no-access after a sweep without use, and readable again when taken', () => {
    const ring = ringWith()
    const copy = fresh()
    const entry = ring.install('k1', new Uint8Array(copy))
    ring.sweep() // used since install: stays readable
    expect(entry.idle).toBeFalsy()
    ring.sweep()
    expect(entry.idle).toBe(true)
    expect([...ring.access(entry)]).toEqual([...copy]) // a no-access key read here would end the process
    expect(entry.idle).toBe(false)
    ring.sweep()
    expect(entry.idle).toBe(false)
  })

  it('are zeroed with sodium_memzero when retired, when wiped and at close', () => {
    const ring = ringWith()
    const first = ring.install('k1', fresh())
    const second = ring.install('k2', fresh()) // retires k1, which nothing holds
    expect(first.key.every((b) => b === 0)).toBe(true)
    ring.wipe(second)
    ring.sweep()
    ring.sweep() // a wiped key has nothing to hide: it stays readable, all zero
    expect(second.idle).toBeFalsy()
    expect(second.key.every((b) => b === 0)).toBe(true)
    const again = fresh()
    const copy = new Uint8Array(again)
    ring.rekey(second, again)
    expect(again.every((b) => b === 0)).toBe(true)
    expect([...ring.access(second)]).toEqual([...copy])
    ring.sweep()
    ring.sweep()
    expect(second.idle).toBe(true)
    ring.zeroAll() // zeroes a no-access key too
    expect(second.key.every((b) => b === 0)).toBe(true)
  })

  it('a provider’s keys are guarded on this path, and open values again after idling', async () => {
    vi.useFakeTimers()
    try {
      const provider = localKeyProvider()
      const dataKey = provider.keyForSeal() as { id: string; key: Uint8Array }
      expect(isSecure(dataKey.key)).toBe(process.env.PARAMKIT_NATIVE !== '0')
      const context = { namespace: 'n', key: 'k', version: '1', keyId: dataKey.id }
      const box = seal(new TextEncoder().encode('pw'), dataKey.key, context)
      vi.advanceTimersByTime(3 * IDLE_SWEEP_MS) // idle through two sweeps: no-access on the libsodium path
      expect(openText(box, provider.keyForOpen(dataKey.id) as Uint8Array, context, 'string')).toBe('pw')
      await provider.close()
    } finally {
      vi.useRealTimers()
    }
  })

  it('a no-access key really is: reading it outside the ring ends the process', () => {
    // The built package (npm run build), as a user runs it.
    const child = fileURLToPath(new URL('./support/read-idle-key.mjs', import.meta.url))
    const result = spawnSync(process.execPath, [child], {
      encoding: 'utf8',
      env: { ...process.env, PARAMKIT_NATIVE: '' },
    })
    expect(result.stdout).toBe('readable\n')
    expect(result.signal).toMatch(/^SIG(SEGV|BUS)$/)
  })
})

describe('data keys on the fallback', () => {
  it('stay plain arrays, zeroed in place when retired', () => {
    const noGuard = new KeyRing(policy, Date.now, null)
    rings.push(noGuard)
    const source = fresh()
    const entry = noGuard.install('k1', source)
    expect(entry.key).toBe(source)
    expect(isSecure(entry.key)).toBe(false)
    noGuard.install('k2', fresh())
    expect(source.every((b) => b === 0)).toBe(true)
    expect(ringWith().guarded).toBe(true)
    expect(noGuard.guarded).toBe(false)
  })
})
