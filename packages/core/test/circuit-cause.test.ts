// What an open circuit says and when it closes, with calls still in flight around it. Found by the memory
// backend's concurrent model test under faults (cache-model-faults.test.ts), each reduced to its minimum.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConfig, ThrottledError } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

/** Lets virtual time pass, with the batcher's setImmediate flushes in between. */
async function pass(ms: number) {
  await new Promise((resolve) => setImmediate(resolve))
  await vi.advanceTimersByTimeAsync(ms)
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ value }),
    (error: Error) => ({ error }),
  )

describe('the circuit with calls in flight', () => {
  beforeAll(async () => {
    // The first read of a process imports the optional OpenTelemetry API in real time.
    await createConfig({ backend: stubBackend({ '/x': '1' }) }).get('/x')
  })
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('a call that started before the circuit opened and then fails otherwise does not replace the transport error its fast failures carry', async () => {
    const backend = stubBackend({ '/a': '1', '/b': '2', '/c': '3' })
    const config = createConfig({
      backend,
      circuit: { failures: 2, probeMs: 1000 },
      retry: { budgetFloor: 0, budgetRatio: 0 },
      timeouts: { callMs: 500, readMs: 500 },
    })
    // A call in flight (it answers in 50 ms), then two refusals open the circuit.
    backend.latency = 50
    const straggler = outcome(config.get('/a'))
    await pass(1)
    backend.latency = 0
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    backend.failWith = refused
    await outcome(config.get('/b'))
    await pass(1)
    await outcome(config.get('/c'))
    await pass(1)
    expect(config.stats().policy.circuit).toBe('open')
    // The straggler is throttled: not a transport failure, and not what the open circuit stands for.
    backend.failWith = new ThrottledError('Rate exceeded', { backend: 'stub', operation: 'get' })
    await pass(60)
    expect(await straggler).toMatchObject({ error: { code: 'THROTTLED' } })
    const cold = outcome(config.getOptional('/d'))
    await pass(1)
    const { error } = (await cold) as { error: Error }
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE' })
    expect(error.cause).toBe(refused)
    await config.close()
  })
})
