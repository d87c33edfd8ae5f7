import { AccessDeniedError, BackendUnavailableError, KeyStateError, ThrottledError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../src/token-bucket.js'

const seed = { '/p/a': 'A', '/p/b': 'B', '/p/secret': { type: 'SecureString' as const, value: 'S' } }

async function outcomes(backend: ReturnType<typeof memoryBackend>, count: number): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    out.push(
      await backend.get('/p/a').then(
        () => 'ok',
        (e: Error) => e.name,
      ),
    )
  }
  return out
}

describe('fault injection', () => {
  it('fails a share of calls, the same ones for the same seed', async () => {
    const run = (s: number) => outcomes(memoryBackend({ seed, faults: { seed: s, failureRate: 0.3 } }), 200)
    const [a, b, c] = await Promise.all([run(7), run(7), run(8)])
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    const failures = a.filter((o) => o === 'BackendUnavailableError').length
    expect(failures).toBeGreaterThan(30)
    expect(failures).toBeLessThan(90)
  })

  it('adds fixed and jittered latency, repeatably under a seed', async () => {
    const backend = memoryBackend({ seed, faults: { latency: { fixed: 20 } } })
    const start = performance.now()
    await backend.get('/p/a')
    expect(performance.now() - start).toBeGreaterThanOrEqual(19)
    const delays = async (s: number) => {
      const seen: number[] = []
      const sleep = async (ms: number) => {
        seen.push(ms)
      }
      const b = memoryBackend({ seed, sleep, faults: { seed: s, latency: { fixed: 1, jitter: 4 } } })
      await Promise.all([b.get('/p/a'), b.get('/p/b'), b.get('/p/a')])
      return seen
    }
    const first = await delays(3)
    expect(first).toEqual(await delays(3))
    expect(first).not.toEqual(await delays(4))
    for (const d of first) expect(d).toBeGreaterThanOrEqual(1)
    for (const d of first) expect(d).toBeLessThan(5)
  })

  it("round-trip latency reads when the call arrives and answers later; 'before' waits, then reads", async () => {
    for (const mode of ['round-trip', 'before'] as const) {
      const gates: (() => void)[] = []
      const sleep = () => new Promise<void>((resolve) => gates.push(resolve))
      const b = memoryBackend({ seed, sleep, faults: { latency: { fixed: 1, mode } } })
      const read = b.get('/p/a')
      const many = b.getMany(['/p/a', '/p/b'])
      const pages = (async () => {
        const names: string[] = []
        for await (const page of b.list('/p')) names.push(...page.entries.map((e) => `${e.name}=${e.value}`))
        return names
      })()
      await new Promise((r) => setImmediate(r))
      // A write that lands while the three reads are on the wire.
      const write = b.put('/p/a', 'A2', { overwrite: true })
      await new Promise((r) => setImmediate(r))
      while (gates.length > 0) {
        gates.pop()!() // newest first: the write is answered before the reads
        await new Promise((r) => setImmediate(r))
      }
      await write
      const seen = [
        (await read).value,
        (await many).entries.find((e) => e.name === '/p/a')?.value,
        (await pages)[0],
      ]
      expect(seen).toEqual(mode === 'round-trip' ? ['A', 'A', '/p/a=A'] : ['A2', 'A2', '/p/a=A2'])
    }
  })

  it('injectFault breaks the backend mid-run for the given number of calls', async () => {
    const backend = memoryBackend({ seed })
    expect(await outcomes(backend, 1)).toEqual(['ok'])
    backend.injectFault({ operation: 'get', error: 'throttled', times: 2 })
    expect(await outcomes(backend, 3)).toEqual(['ThrottledError', 'ThrottledError', 'ok'])
  })

  it('runs scripted failures by operation and name, a given number of times', async () => {
    const backend = memoryBackend({
      seed,
      faults: {
        failures: [
          { operation: 'get', name: '/p/a', error: 'throttled', times: 2 },
          { operation: 'list', error: new Error('boom') },
          { name: /secret$/, error: 'unavailable', times: 1 },
        ],
      },
    })
    await expect(backend.get('/p/a')).rejects.toBeInstanceOf(ThrottledError)
    await expect(backend.get('/p/a')).rejects.toBeInstanceOf(ThrottledError)
    expect((await backend.get('/p/a')).value).toBe('A')
    expect((await backend.get('/p/b')).value).toBe('B')
    await expect(backend.list('/p')[Symbol.asyncIterator]().next()).rejects.toThrow('boom')
    await expect(backend.getMany(['/p/b', '/p/secret'])).rejects.toBeInstanceOf(BackendUnavailableError)
    expect((await backend.getMany(['/p/b', '/p/secret'])).entries).toHaveLength(2)
    expect(backend.stats().injected).toBe(4)
  })

  it('denies access under given paths, naming the key', async () => {
    const backend = memoryBackend({ seed: { ...seed, '/q/x': 'X' }, faults: { accessDenied: ['/p'] } })
    const error = await backend.get('/p/a').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AccessDeniedError)
    expect((error as AccessDeniedError).key).toBe('/p/a')
    expect((await backend.get('/q/x')).value).toBe('X')
  })

  it('raises KeyState for SecureString reads under a broken key, not for plain strings', async () => {
    for (const state of ['Disabled', 'PendingDeletion', 'NotFound'] as const) {
      const backend = memoryBackend({
        seed,
        faults: { kmsKeyState: { paths: ['/p'], state, keyId: 'alias/orders' } },
      })
      const error = await backend.get('/p/secret').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(KeyStateError)
      expect((error as KeyStateError).keyId).toBe('alias/orders')
      expect((error as Error).message).toContain('alias/orders')
      expect((await backend.get('/p/a')).value).toBe('A')
      expect((await backend.get('/p/secret', { withDecryption: false })).value).not.toBe('S')
    }
  })

  it('throttles with a token bucket like Parameter Store and counts calls', async () => {
    let now = 0
    const backend = memoryBackend({ seed, clock: { now: () => now }, faults: { throttle: { tps: 40 } } })
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        backend.get('/p/a').then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      ),
    )
    expect(results.filter((r) => r === 'ok')).toHaveLength(40)
    expect(results.filter((r) => r === 'ThrottledError')).toHaveLength(10)
    now += 250
    expect(await outcomes(backend, 11)).toEqual([...Array(10).fill('ok'), 'ThrottledError'])
    expect(backend.stats()).toMatchObject({ throttled: 11, calls: { get: 61 } })
  })
})

describe('TokenBucket', () => {
  it('never admits more than burst + rate × window over any window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 300 }),
        (tps, burst, gaps) => {
          let now = 0
          const bucket = new TokenBucket(tps, burst, () => now)
          const admitted: number[] = []
          for (const gap of gaps) {
            now += gap
            if (bucket.tryTake()) admitted.push(now)
          }
          for (let i = 0; i < admitted.length; i++) {
            for (let j = i; j < admitted.length; j++) {
              const window = admitted[j]! - admitted[i]!
              expect(j - i + 1).toBeLessThanOrEqual(burst + (tps * window) / 1000 + 1e-9)
            }
          }
        },
      ),
    )
  })
})
