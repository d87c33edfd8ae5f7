import { BackendUnavailableError, ThrottledError, ValidationError } from '@paramkit/core'
import { type MemoryBackend, memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'

const seed = { '/p/a': 'A', '/p/b': 'B', '/p/c': 'C' }
const tick = () => new Promise((r) => setImmediate(r))

/** 'pending' while a promise has not settled, else how it settled. */
function watch(promise: Promise<unknown>) {
  let state: string = 'pending'
  promise.then(
    () => {
      state = 'ok'
    },
    (e: Error) => {
      state = e.name
    },
  )
  return () => state
}

async function firstPage(backend: MemoryBackend, signal?: AbortSignal) {
  for await (const page of backend.list('/p', { signal })) return page
  return undefined
}

const reads = {
  get: (b: MemoryBackend, signal?: AbortSignal) => b.get('/p/a', { signal }),
  getMany: (b: MemoryBackend, signal?: AbortSignal) => b.getMany(['/p/a', '/p/b'], { signal }),
  list: firstPage,
  put: (b: MemoryBackend, signal?: AbortSignal) => b.put('/p/d', 'D', { overwrite: true, signal }),
  delete: (b: MemoryBackend, signal?: AbortSignal) => b.delete('/p/c', { signal }),
}

describe('fault mode refuse', () => {
  it('fails every call at once with BackendUnavailable caused by ECONNREFUSED', async () => {
    const backend = memoryBackend({ seed, faults: { mode: 'refuse' } })
    for (const read of Object.values(reads)) {
      const error = (await read(backend).catch((e: Error) => e)) as BackendUnavailableError
      expect(error).toBeInstanceOf(BackendUnavailableError)
      expect(error.message).toMatch(/connect ECONNREFUSED/)
      expect(error.cause).toBeInstanceOf(Error)
      expect(error.cause).toMatchObject({ code: 'ECONNREFUSED', errno: -111, syscall: 'connect' })
    }
    expect(backend.stats()).toMatchObject({ injected: 5, throttled: 0 })
    expect(backend.stats().calls).toMatchObject({ get: 1, getMany: 1, list: 1, put: 1, delete: 1 })
  })
})

describe('fault mode throttle', () => {
  it('fails every call at once with ThrottledError, and heals when switched back', async () => {
    const backend = memoryBackend({ seed })
    backend.setFaultMode('throttle')
    for (const read of Object.values(reads)) {
      await expect(read(backend)).rejects.toBeInstanceOf(ThrottledError)
    }
    expect(backend.stats().throttled).toBe(5)
    backend.setFaultMode('healthy')
    expect((await backend.get('/p/a')).value).toBe('A')
    expect(backend.stats().calls.get).toBe(2)
  })
})

describe('fault mode slow', () => {
  it('adds the delay to every call, on top of latency, through the sleep option', async () => {
    const seen: number[] = []
    const sleep = async (ms: number) => {
      seen.push(ms)
    }
    const backend = memoryBackend({ seed, sleep, faults: { latency: { fixed: 5 }, mode: { slow: 100 } } })
    await backend.get('/p/a')
    await backend.getMany(['/p/a'])
    backend.setFaultMode('healthy')
    await backend.get('/p/a')
    expect(seen).toEqual([105, 105, 5])
  })

  it('really waits, and an abort ends the wait at once', async () => {
    const backend = memoryBackend({ seed, faults: { mode: { slow: 60 } } })
    let start = performance.now()
    await backend.get('/p/a')
    expect(performance.now() - start).toBeGreaterThanOrEqual(55)
    backend.setFaultMode({ slow: 10_000 })
    start = performance.now()
    await expect(backend.get('/p/a', { signal: AbortSignal.timeout(30) })).rejects.toMatchObject({
      name: 'TimeoutError',
    })
    expect(performance.now() - start).toBeLessThan(1000)
  })

  it('refuses a mode that is not one', () => {
    const backend = memoryBackend({ seed })
    for (const mode of ['down', { slow: -1 }, { slow: Number.NaN }, null]) {
      expect(() => backend.setFaultMode(mode as never)).toThrow(ValidationError)
    }
    expect(() => memoryBackend({ faults: { mode: 'down' as never } })).toThrow(ValidationError)
  })
})

describe('fault mode hang', () => {
  it('every call that starts hanging stays pending, counted, until its signal aborts', async () => {
    const backend = memoryBackend({ seed, faults: { mode: 'hang' } })
    const controllers = Object.keys(reads).map(() => new AbortController())
    const states = Object.values(reads).map((read, i) => watch(read(backend, controllers[i]!.signal)))
    await new Promise((r) => setTimeout(r, 30))
    expect(states.map((s) => s())).toEqual(['pending', 'pending', 'pending', 'pending', 'pending'])
    expect(backend.stats().hung).toBe(5)
    expect(backend.stats().calls).toMatchObject({ get: 1, getMany: 1, list: 1, put: 1, delete: 1 })
    // Healing the backend does not revive a dead connection.
    backend.setFaultMode('healthy')
    expect((await backend.get('/p/b')).value).toBe('B')
    await tick()
    expect(states.map((s) => s())).toEqual(['pending', 'pending', 'pending', 'pending', 'pending'])
    for (const controller of controllers) controller.abort()
    await tick()
    expect(states.map((s) => s())).toEqual([
      'AbortError',
      'AbortError',
      'AbortError',
      'AbortError',
      'AbortError',
    ])
    expect(backend.stats().hung).toBe(0)
    // Nothing was written or deleted by the aborted calls.
    expect((await backend.getMany(['/p/c', '/p/d'])).missing).toEqual(['/p/d'])
  })

  it('a getMany over several batches hangs on the batch that starts in hang mode', async () => {
    const gates: (() => void)[] = []
    const sleep = () => new Promise<void>((resolve) => gates.push(resolve))
    const backend = memoryBackend({ seed, sleep, faults: { latency: { fixed: 1 } } })
    const names = Array.from({ length: 15 }, (_, i) => `/p/n${i}`)
    const controller = new AbortController()
    const state = watch(backend.getMany(names, { signal: controller.signal }))
    await tick()
    backend.setFaultMode('hang')
    gates.shift()!() // the first batch answers; the second starts, in hang mode
    await tick()
    expect(backend.stats()).toMatchObject({ hung: 1, calls: { getMany: 2 } })
    expect(state()).toBe('pending')
    controller.abort(new Error('gave up'))
    await tick()
    expect(state()).toBe('Error')
  })
})
