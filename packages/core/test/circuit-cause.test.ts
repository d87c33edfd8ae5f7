// What an open circuit says and when it closes, with calls still in flight around it. Found by the memory
// backend's concurrent model test under faults (cache-model-faults.test.ts), each reduced to its minimum.
import { describe, expect, it, vi } from 'vitest'
import { createConfig, ThrottledError } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'
import { useVirtualTime } from './support/virtual-time.js'

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
  useVirtualTime()

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

  it("a probe cut short by its own client's close() does not close the circuit another client of the backend shares", async () => {
    const backend = stubBackend({ '/a': '1' })
    const options = {
      backend,
      circuit: { failures: 2, probeMs: 100 },
      retry: { budgetFloor: 0, budgetRatio: 0 },
      timeouts: { callMs: 50, readMs: 200 },
    }
    const closing = createConfig(options)
    const staying = createConfig(options)
    const states: string[] = []
    staying.on('circuit', (e) => states.push(e.state))
    backend.failWith = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    for (let i = 0; i < 2; i++) {
      const read = outcome(staying.get('/a'))
      await pass(1)
      await read
    }
    expect(staying.stats().policy.circuit).toBe('open')
    // The backend is still dead; the probe hangs until its client closes.
    await pass(100)
    backend.hang = true
    const probe = outcome(closing.get('/a'))
    await pass(1)
    expect(staying.stats().policy.circuit).toBe('half-open')
    await closing.close()
    expect(await probe).toMatchObject({ error: { code: 'CLOSED' } })
    // No call succeeded: the circuit must not be closed.
    expect(states).not.toContain('closed')
    expect(staying.stats().policy.circuit).toBe('open')
    await staying.close()
  })
})
