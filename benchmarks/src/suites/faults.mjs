// Suite 10: the call policy under faults — an outage (ECONNREFUSED), a throttle burst, a token bucket,
// fallbacks in spare slots, a hung call and an outage under load. Counts and ratios against targets;
// every scenario uses its own backend object, so no circuit, rate or retry budget carries over.
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { callsOf, percentile, round, seedOf, sleep, verdict } from './faults-backend.mjs'
import { failoverReads } from './faults-failover.mjs'
import { burstHeal, getManyCalls, hungRead, outageUnderLoad } from './faults-scenarios.mjs'

/** Row 1: 10 keys read every ~20 ms by 5 loops (2 keys each) through an outage; TTL 1 s, stale values held. */
async function outageReads(quick) {
  const seconds = quick ? 2 : 10
  const keys = Object.keys(seedOf('/outage/k', 10))
  const backend = memoryBackend({ seed: seedOf('/outage/k', 10) })
  const config = createConfig({ backend, cache: { ttl: 1_000 } })
  let openedAt
  const off = config.on('circuit', ({ state }) => {
    if (state === 'open' && openedAt === undefined) openedAt = performance.now()
  })
  await config.getMany(keys)
  const staleMs = 100
  const samples = []
  let errors = 0
  backend.setFaultMode('refuse')
  const callsBefore = callsOf(backend)
  const start = performance.now()
  const end = start + seconds * 1000
  const loop = async (mine) => {
    while (performance.now() < end) {
      for (const key of mine) {
        const at = performance.now()
        try {
          await config.get(key)
        } catch {
          errors++
        }
        samples.push({ at, ms: performance.now() - at })
      }
      await sleep(20)
    }
  }
  await Promise.all([0, 2, 4, 6, 8].map((i) => loop(keys.slice(i, i + 2))))
  const elapsed = (performance.now() - start) / 1000
  const calls = callsOf(backend) - callsBefore
  const opensAt = openedAt ?? Number.POSITIVE_INFINITY
  const before = samples.filter((s) => s.at < opensAt).map((s) => s.ms)
  const after = samples.filter((s) => s.at >= opensAt).map((s) => s.ms)
  off()
  await config.close()
  const perKeySecond = calls / keys.length / elapsed
  const p99Before = percentile(before, 0.99)
  const p99After = percentile(after, 0.99)
  const label = `1. ${seconds} s outage, TTL 1 s, stale held`
  return [
    {
      case: label,
      measure: `read p50 / p99 ms before the circuit opens (${before.length} reads)`,
      figure: `${round(percentile(before, 0.5), 2)} / ${round(p99Before, 2)}`,
      target: `p99 ≤ ${staleMs + 5}`,
      result: verdict(p99Before <= staleMs + 5),
    },
    {
      case: label,
      measure: `read p50 / p99 ms once open (${after.length} reads, ${after.filter((ms) => ms > 20).length} over 20 ms; opened after ${
        openedAt === undefined ? 'never' : `${Math.round(openedAt - start)} ms`
      })`,
      figure: `${round(percentile(after, 0.5), 3)} / ${round(p99After, 3)} (max ${round(Math.max(...after), 1)})`,
      target: 'p99 ≤ 5',
      result: verdict(openedAt !== undefined && p99After <= 5),
    },
    {
      case: label,
      measure: `backend calls per key per second (${calls} calls), failed reads`,
      figure: `${round(perKeySecond, 3)}, ${errors} failed`,
      target: '≤ 0.2, 0 failed',
      result: verdict(perKeySecond <= 0.2 && errors === 0),
    },
  ]
}

/** Row 3: 2,000 cold gets over 500 keys through a 40 TPS token bucket. */
async function tokenBucket() {
  const keys = 500
  const gets = 2_000
  const inner = memoryBackend({ seed: seedOf('/bucket/k', keys), faults: { throttle: { tps: 40 } } })
  const config = createConfig({ backend: inner })
  const start = performance.now()
  const outcomes = await Promise.allSettled(
    Array.from({ length: gets }, (_, i) => config.get(`/bucket/k${i % keys}`)),
  )
  const ms = performance.now() - start
  const ok = outcomes.filter((o) => o.status === 'fulfilled').length
  const { calls, throttled } = inner.stats()
  const made = calls.get + calls.getMany
  const minimum = Math.ceil(keys / 10)
  await config.close()
  const label = `3. ${gets} cold gets / ${keys} keys, 40 TPS bucket`
  return [
    {
      case: label,
      measure: `succeeded within readMs (all settled in ${Math.round(ms)} ms)`,
      figure: `${round((100 * ok) / gets, 1)} %`,
      target: '100 %',
      result: verdict(ok === gets),
    },
    {
      case: label,
      measure: `calls made (${throttled} throttled) vs ceil(${keys}/10) = ${minimum}`,
      figure: `${made} (${round(made / minimum, 2)}×)`,
      target: `≤ ${round(1.1 * minimum, 0)}`,
      result: verdict(made <= 1.1 * minimum),
    },
  ]
}

export async function faultsSuite({ quick }) {
  const rows = [
    ...(await outageReads(quick)),
    ...(await burstHeal(quick)),
    ...(await tokenBucket()),
    ...(await getManyCalls()),
    ...(await hungRead()),
    ...(await outageUnderLoad(quick)),
    ...(await failoverReads(quick)),
  ]
  const misses = rows.filter((r) => r.result === 'miss').length
  return {
    title: `Faults: the call policy under outages, throttles and hangs (${misses} of ${rows.length} targets missed)`,
    rows,
    note: FAULTS_NOTE,
  }
}

export const FAULTS_NOTE =
  'Counts and ratios at default options unless a row says otherwise (callMs 3 s, readMs 5 s, staleMs 100 ms; circuit ' +
  'opens after 5 transport failures, probes every 2 s; retry budget 0.2 per first attempt + 10 per 10 s). Outages, ' +
  'hangs and throttle bursts are the memory backend’s fault modes (refuse: ECONNREFUSED at once; hang: a call that ' +
  'settles only when its AbortSignal aborts; throttle), and so is the 40 TPS bucket. Latencies depend on the machine.'
