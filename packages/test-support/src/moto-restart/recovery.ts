import type { ConfigClient } from '@paramkit/core'
import { expect } from 'vitest'
import { cache, circuit, RECOVERY_SLACK, SETTLE_SLACK, sleep, timeouts, until, value } from './budgets.js'
import type { CircuitEvent, MotoRestartHarness } from './harness.js'
import { expectOutageError, ReadStream } from './read-stream.js'

/**
 * Starts moto again on the same port, re-seeds it with `v2` values, and reads until they are back.
 * Until it is re-seeded only a canary key (never seeded) is read: the circuit goes on probing, so it
 * must close within a probe interval of moto answering, and no read of a seeded key can meet the empty
 * moto (it would find the key gone). The loads of the outage are waited out first (a load retries
 * until its readMs deadline) for the same reason. Asserts that the canary fails typed while moto is
 * dead and as NotFound once the circuit closed; that no read fails once it closed; that warm keys turn
 * to their v2 value (stale v1 until then) and never back; and that cold keys answer v2.
 */
export async function restartAndRecover(
  h: MotoRestartHarness,
  config: ConfigClient,
  events: { at: number; event: CircuitEvent }[],
  warm: { key: string; name: string }[],
  cold: { key: string; name: string }[],
) {
  const nameOf = (key: string) => [...warm, ...cold].find((k) => k.key === key)!.name
  const canary = new ReadStream(config, [], ['canary'])
  let stream: ReadStream | undefined
  try {
    await sleep(timeouts.readMs + 100)
    const restartStart = performance.now()
    await h.moto.restart()
    const listening = performance.now()
    const answering = await h.seed(
      'v2',
      [...warm, ...cold].map((k) => k.name),
    )
    const seeded = performance.now()
    stream = new ReadStream(
      config,
      warm.map((k) => k.key),
      cold.map((k) => k.key),
    )
    const reads = stream.reads
    const v2At = new Map<string, number>()
    await until(
      () => {
        for (const read of reads) {
          if (read.kind !== 'warm' || read.values?.[0] !== value('v2', nameOf(read.keys[0]!))) continue
          const at = v2At.get(read.keys[0]!)
          if (at === undefined || read.endedAt! < at) v2At.set(read.keys[0]!, read.endedAt!)
        }
        return v2At.size === warm.length
      },
      circuit.probeMs + cache.ttl + RECOVERY_SLACK,
      'every warm key read as its re-seeded value',
    )
    const recovered = performance.now()
    await sleep(300)
    await Promise.all([stream.stop(), canary.stop()])

    // The circuit closed once moto was back (never while it was dead), within a probe interval of moto
    // serving the service; a probe sent while moto was still loading it may have timed out first
    // (callMs), opening the circuit for another interval.
    const closed = events.find((e) => e.at >= restartStart && e.event.state === 'closed')
    expect(closed, 'the circuit did not close once moto was back').toBeDefined()
    const closedAt = closed!.at
    expect(closedAt).toBeGreaterThan(restartStart)
    const closeMs = closedAt - answering // negative when a probe closed it before the first write was back
    expect(closeMs).toBeLessThanOrEqual(timeouts.callMs + circuit.probeMs + RECOVERY_SLACK)
    expect(config.stats().policy.circuit).toBe('closed')
    const allV2Ms = Math.max(...v2At.values()) - seeded
    expect(allV2Ms).toBeLessThanOrEqual(circuit.probeMs + cache.ttl + RECOVERY_SLACK)

    for (const read of [...canary.reads, ...reads])
      expect(
        read.endedAt! - read.startedAt,
        `${read.kind} ${read.keys} started ${Math.round(read.startedAt - restartStart)} ms after the restart began (moto answering at ${Math.round(listening - restartStart)}), ${read.error ? `${(read.error as { code?: string }).code}: ${read.error.message}` : read.values}`,
      ).toBeLessThanOrEqual(timeouts.readMs + SETTLE_SLACK)
    for (const read of canary.reads) {
      if (read.endedAt! < restartStart) expectOutageError(read)
      if (read.startedAt >= closedAt) expect((read.error as { code?: string })?.code).toBe('NOT_FOUND')
    }
    expect(canary.reads.filter((r) => r.startedAt >= closedAt).length).toBeGreaterThan(0)

    for (const read of reads) {
      if (read.startedAt >= closedAt)
        expect(read.error, `${read.keys} after the circuit closed`).toBe(undefined)
      for (const [i, key] of read.keys.entries()) {
        const got = read.values?.[i]
        if (got === undefined) continue
        const v2 = value('v2', nameOf(key))
        // A warm key answers its old value (stale) until its reload is back, then never again.
        if (read.kind === 'cold' || read.startedAt >= (v2At.get(key) ?? Number.POSITIVE_INFINITY))
          expect(got).toBe(v2)
        else expect([value('v1', nameOf(key)), v2]).toContain(got)
      }
      if (read.startedAt >= recovered)
        expect(read.values).toEqual(read.keys.map((k) => value('v2', nameOf(k))))
    }
    expect(reads.filter((r) => r.kind === 'cold' && r.startedAt >= closedAt).length).toBeGreaterThan(0)
    return {
      restartMs: Math.round(listening - restartStart),
      serviceMs: Math.round(answering - listening),
      closeMs: Math.round(closeMs),
      allV2Ms: Math.round(allV2Ms),
    }
  } finally {
    await Promise.all([stream?.stop(), canary.stop()])
  }
}
