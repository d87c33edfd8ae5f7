import { type FaultMode, type MemoryBackend, memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const seed = { '/p/a': 'A', '/p/b': 'B', '/p/c': 'C' }
const tick = () => new Promise((r) => setImmediate(r))
const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

async function allPages(backend: MemoryBackend, signal?: AbortSignal) {
  const names: string[] = []
  for await (const page of backend.list('/p', { signal, pageSize: 1 }))
    names.push(...page.entries.map((e) => e.name))
  return names
}

const reads = {
  get: (b: MemoryBackend, signal?: AbortSignal) => b.get('/p/a', { signal }),
  getMany: (b: MemoryBackend, signal?: AbortSignal) => b.getMany(['/p/a', '/p/b'], { signal }),
  list: allPages,
}

describe('every call honours options.signal', () => {
  for (const [operation, read] of Object.entries(reads)) {
    it(`${operation}: already aborted rejects at once with the reason, no call counted`, async () => {
      const backend = memoryBackend({ seed, faults: { latency: { fixed: 10_000 } } })
      const reason = new Error('caller gave up')
      await expect(read(backend, AbortSignal.abort(reason))).rejects.toBe(reason)
      const plain = await read(backend, AbortSignal.abort('not an Error')).catch((e: unknown) => e)
      expect(plain).toBeInstanceOf(DOMException)
      expect(plain).toMatchObject({ name: 'AbortError', message: 'This operation was aborted' })
      expect(backend.stats().calls[operation as 'get']).toBe(0)
    })

    it(`${operation}: aborted during latency rejects at once and clears the timer`, async () => {
      const backend = memoryBackend({ seed, faults: { latency: { fixed: 60_000 } } })
      const before = timeouts()
      const controller = new AbortController()
      const pending = read(backend, controller.signal)
      await tick()
      expect(timeouts()).toBe(before + 1)
      const start = performance.now()
      controller.abort()
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
      expect(performance.now() - start).toBeLessThan(100)
      expect(timeouts()).toBe(before)
    })
  }

  it('a hung call holds no timer, before or after its abort', async () => {
    const backend = memoryBackend({ seed, faults: { mode: 'hang' } })
    const before = timeouts()
    const controller = new AbortController()
    const pending = Promise.all(Object.values(reads).map((read) => read(backend, controller.signal)))
    await tick()
    expect(backend.stats().hung).toBe(3)
    expect(timeouts()).toBe(before)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(timeouts()).toBe(before)
    expect(backend.stats().hung).toBe(0)
  })

  it('a custom sleep is raced against the signal (its promise is left to itself)', async () => {
    const sleep = () => new Promise<void>(() => {})
    const backend = memoryBackend({ seed, sleep, faults: { latency: { fixed: 1 } } })
    const controller = new AbortController()
    const pending = backend.get('/p/a', { signal: controller.signal })
    await tick()
    controller.abort(new Error('stop'))
    await expect(pending).rejects.toThrow('stop')
  })

  it('a list aborted between pages stops at the page in flight', async () => {
    const backend = memoryBackend({ seed, faults: { latency: { fixed: 20 } } })
    const controller = new AbortController()
    const seen: string[] = []
    const listing = (async () => {
      for await (const page of backend.list('/p', { signal: controller.signal, pageSize: 1 })) {
        seen.push(...page.entries.map((e) => e.name))
        if (seen.length === 1) controller.abort()
      }
    })()
    await expect(listing).rejects.toMatchObject({ name: 'AbortError' })
    expect(seen).toEqual(['/p/a'])
    expect(backend.stats().calls.list).toBe(1)
  })
})

const oneCall = {
  ...reads,
  list: async (b: MemoryBackend, signal?: AbortSignal) => {
    for await (const _ of b.list('/p', { signal })) {
    }
  },
}

describe('property: random mode switches, calls and abort times', () => {
  const mode: fc.Arbitrary<FaultMode> = fc.oneof(
    fc.constantFrom<FaultMode>('healthy', 'hang', 'refuse', 'throttle'),
    fc.integer({ min: 0, max: 3 }).map((slow) => ({ slow })),
  )
  const step = fc.oneof(
    mode.map((m) => ({ kind: 'mode' as const, mode: m })),
    fc.record({
      kind: fc.constant('call' as const),
      operation: fc.constantFrom('get', 'getMany', 'list'),
      // undefined: never aborted; else aborted after this many ms.
      abortAfter: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    }),
  )

  it('every call settles iff it was not hung and unaborted; counts and hung gauge agree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const backend = memoryBackend({ seed })
        let current: FaultMode = 'healthy'
        const calls: { state: () => string; hangs: boolean; aborted: boolean }[] = []
        for (const s of steps) {
          if (s.kind === 'mode') {
            backend.setFaultMode(s.mode)
            current = s.mode
            continue
          }
          const signal = s.abortAfter === undefined ? undefined : AbortSignal.timeout(s.abortAfter)
          let state = 'pending'
          oneCall[s.operation as keyof typeof oneCall](backend, signal).then(
            () => {
              state = 'ok'
            },
            (e: Error) => {
              state = e.name
            },
          )
          calls.push({ state: () => state, hangs: current === 'hang', aborted: signal !== undefined })
          await tick()
        }
        await new Promise((r) => setTimeout(r, 30))
        const stuck = calls.filter((c) => c.hangs && !c.aborted).length
        expect(backend.stats().hung).toBe(stuck)
        for (const call of calls) {
          expect(call.state() === 'pending').toBe(call.hangs && !call.aborted)
          if (call.hangs && call.aborted) expect(call.state()).toBe('TimeoutError')
        }
        // Every call is one API call here (a list of 3 is one page), counted when it starts, whatever the mode.
        const counted = Object.values(backend.stats().calls).reduce((a, b) => a + b, 0)
        expect(counted).toBe(calls.length)
      }),
      { numRuns: 40 },
    )
  })
})
