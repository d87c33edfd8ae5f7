// Row 7 of the faults suite: failoverBackends over a primary that goes silent (every call hangs) and heals,
// with a replica holding a copy. 10 keys read every ~20 ms by 5 loops; TTL 100 ms and no stale values, so
// every answer after the primary goes silent is the replica's or a failure.
import { createConfig, failoverBackends } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { callsOf, percentile, round, seedOf, sleep, verdict } from './faults-backend.mjs'

const CALL_MS = 500
const PROBE_MS = 2_000

export async function failoverReads(quick) {
  const silentSeconds = quick ? 2.5 : 6
  const seconds = silentSeconds + 2.5
  const seed = seedOf('/failover/k', 10)
  const keys = Object.keys(seed)
  const primary = memoryBackend({ name: 'primary', seed })
  const replica = memoryBackend({ name: 'replica', seed })
  const config = createConfig({
    backend: failoverBackends([primary, replica], { probeMs: PROBE_MS }),
    cache: { ttl: 100, jitter: 0, staleWhileRevalidate: 0, maxStale: 0 },
    timeouts: { callMs: CALL_MS, readMs: 2_000 },
  })
  await config.getMany(keys)
  let firstReplica
  let recoveredAt
  let errors = 0
  const samples = []
  const silentAt = performance.now()
  primary.setFaultMode('hang')
  const primaryBefore = callsOf(primary)
  const end = silentAt + seconds * 1000
  const healAt = silentAt + silentSeconds * 1000
  let healed = false
  let silentCalls = 0
  const loop = async (mine) => {
    while (performance.now() < end) {
      if (!healed && performance.now() >= healAt) {
        healed = true
        silentCalls = callsOf(primary) - primaryBefore
        primary.setFaultMode('healthy')
      }
      for (const key of mine) {
        const at = performance.now()
        try {
          await config.get(key)
          const { servedBy } = await config.getEntry(key)
          // The read that met the silent primary: its own wait, from its start to the replica's answer.
          if (servedBy === 'replica' && firstReplica === undefined) firstReplica = performance.now() - at
          if (healed && servedBy === 'primary' && recoveredAt === undefined) recoveredAt = performance.now()
        } catch {
          errors++
        }
        samples.push(performance.now() - at)
      }
      await sleep(20)
    }
  }
  await Promise.all([0, 2, 4, 6, 8].map((i) => loop(keys.slice(i, i + 2))))
  const stats = config.stats().failover
  await config.close()
  const firstMs = firstReplica ?? Number.POSITIVE_INFINITY
  const openSeconds = (healAt - silentAt) / 1000
  const perInterval = stats.members[0].probes / Math.max(1, Math.ceil((openSeconds * 1000) / PROBE_MS))
  const label = `7. failover: primary silent ${silentSeconds} s then healed, callMs ${CALL_MS}, probes every ${PROBE_MS / 1000} s`
  return [
    {
      case: label,
      measure: 'first read served by the replica after the primary went silent: its wait',
      figure: `${Math.round(firstMs)} ms`,
      target: `≤ callMs + 100 = ${CALL_MS + 100} ms`,
      result: verdict(firstMs <= CALL_MS + 100),
    },
    {
      case: label,
      measure: `failed reads (${samples.length} reads; p50 / p99 ${round(percentile(samples, 0.5), 2)} / ${round(percentile(samples, 0.99), 1)} ms)`,
      figure: String(errors),
      target: '0',
      result: verdict(errors === 0),
    },
    {
      case: label,
      measure: `calls to the primary while its circuit was open: probes per ${PROBE_MS / 1000} s interval (one at most by construction; the average here) (${silentCalls} calls to it while silent, ${stats.switches} switches in all)`,
      figure: `${round(perInterval, 2)}`,
      target: '≤ 1',
      result: verdict(perInterval <= 1),
    },
    {
      case: label,
      measure: 'reads back on the primary after it healed',
      figure: recoveredAt === undefined ? 'never' : `${Math.round(recoveredAt - healAt)} ms`,
      target: `≤ probe interval + 100 = ${PROBE_MS + 100} ms`,
      result: verdict(recoveredAt !== undefined && recoveredAt - healAt <= PROBE_MS + 100),
    },
  ]
}
