// Rows 2, 4, 5 and 6 of the faults suite: a throttle burst that heals, fallbacks in spare slots, a hung
// call, and an outage under load.
import { BackendUnavailableError, createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { callsOf, round, seedOf, sleep, verdict } from './faults-backend.mjs'

/**
 * Row 2: a burst of cold gets against an always-throttled backend; once every one has settled the
 * backend heals, and a steady 20 cold reads/s (fresh keys) measures how soon reads succeed again.
 */
export async function burstHeal(quick) {
  const burst = quick ? 500 : 2_000
  const steadySeconds = 5
  const steadyReads = 20 * steadySeconds
  const backend = memoryBackend({
    seed: { ...seedOf('/burst/k', burst), ...seedOf('/steady/k', steadyReads) },
  })
  const config = createConfig({ backend })
  backend.setFaultMode('throttle')
  const burstStart = performance.now()
  const outcomes = await Promise.allSettled(
    Array.from({ length: burst }, (_, i) => config.get(`/burst/k${i}`)),
  )
  const burstMs = performance.now() - burstStart
  const burstCalls = callsOf(backend)
  const failed = outcomes.filter((o) => o.status === 'rejected').length
  backend.setFaultMode('healthy')
  const healedAt = performance.now()
  const reads = []
  for (let i = 0; i < steadyReads; i++) {
    const at = performance.now()
    reads.push(
      config.get(`/steady/k${i}`).then(
        () => ({ at, ok: true, end: performance.now() }),
        (e) => ({
          at,
          ok: false,
          end: performance.now(),
          code: e?.budget ? `${e.code} ${e.budget}` : e?.code,
        }),
      ),
    )
    await sleep(50)
  }
  const done = await Promise.all(reads)
  await config.close()
  const firstOk = done.filter((r) => r.ok).sort((a, b) => a.end - b.end)[0]
  const firstSuccess = firstOk ? firstOk.end - healedAt : Number.POSITIVE_INFINITY
  // Healthy: the first success after which every read started later succeeded too.
  const lastFailure = done.filter((r) => !r.ok).at(-1)
  const steadyAfter = done.filter((r) => r.ok && (!lastFailure || r.at > lastFailure.at))
  const healthy = steadyAfter.length
    ? Math.min(...steadyAfter.map((r) => r.end)) - healedAt
    : Number.POSITIVE_INFINITY
  const codes = [...new Set(done.filter((r) => !r.ok).map((r) => r.code))].join(', ')
  const label = `2. ${burst} cold gets always throttled, then healed`
  const ms = (v) => (Number.isFinite(v) ? `${Math.round(v)} ms` : 'never')
  return [
    {
      case: label,
      measure: `time from healing to first success (burst: ${failed} failed, ${burstCalls} calls, ${round(burstMs / 1000, 1)} s)`,
      figure: ms(firstSuccess),
      target: '≤ 2 s',
      result: verdict(firstSuccess <= 2_000),
    },
    {
      case: label,
      measure: `20 reads/s: healthy (every later read succeeds) after; ${done.filter((r) => !r.ok).length} of ${steadyReads} failed${codes ? ` (${codes})` : ''}`,
      figure: ms(healthy),
      target: '≤ 2 s',
      result: verdict(healthy <= 2_000),
    },
  ]
}

/** Row 4: cold getMany of 25 / 100 keys present at the service's level, with two fallback levels. */
export async function getManyCalls() {
  const rows = []
  for (const count of [25, 100]) {
    const inner = memoryBackend({ seed: seedOf('/prod/api/k', count) })
    const config = createConfig({
      backend: inner,
      env: 'prod',
      service: 'api',
      fallbacks: ['/{env}/shared', '/shared'],
    })
    const keys = Array.from({ length: count }, (_, i) => `k${i}`)
    const values = await config.getMany(keys)
    const { calls } = inner.stats()
    const made = calls.get + calls.getMany
    const target = Math.ceil(count / 10)
    const complete = Object.keys(values).length === count
    await config.close()
    rows.push({
      case: `4. cold getMany of ${count} keys, fallbacks ['/{env}/shared', '/shared']`,
      measure: `backend calls${complete ? '' : ' (values missing!)'}`,
      figure: made,
      target,
      result: verdict(complete && made <= target),
    })
  }
  return rows
}

/** Row 5: a read against a call that hangs until aborted, with readMs 1 s and callMs 500 ms; then healed. */
export async function hungRead() {
  const readMs = 1_000
  const backend = memoryBackend({ seed: { '/hang/key': 'v' } })
  const config = createConfig({ backend, timeouts: { readMs, callMs: 500 } })
  backend.setFaultMode('hang')
  const start = performance.now()
  const error = await config.get('/hang/key').then(
    () => undefined,
    (e) => e,
  )
  const settled = performance.now() - start
  const hungCalls = callsOf(backend)
  await sleep(20)
  const leftHanging = backend.stats().hung
  backend.setFaultMode('healthy')
  const next = await config.get('/hang/key').then(
    (v) => v === 'v',
    () => false,
  )
  await config.close()
  const label = '5. hung call, readMs 1 s, callMs 500 ms'
  return [
    {
      case: label,
      measure: `time to settle (${error?.code ?? 'no error'}${error?.budget ? ` ${error.budget}` : ''}; ${hungCalls} calls, ${leftHanging} left hanging)`,
      figure: `${Math.round(settled)} ms`,
      target: `≤ ${readMs + 50} ms`,
      result: verdict(settled <= readMs + 50 && error?.code === 'TIMEOUT' && leftHanging === 0),
    },
    {
      case: label,
      measure: 'next read after healing',
      figure: next ? 'succeeded' : 'failed',
      target: 'succeeds',
      result: verdict(next),
    },
  ]
}

const refusedInChain = (error) => {
  for (let e = error, depth = 0; e && depth < 10; e = e.cause, depth++)
    if (e.code === 'ECONNREFUSED') return true
  return false
}

/** Row 6: concurrent cold gets of distinct keys while the backend refuses connections. */
export async function outageUnderLoad(quick) {
  const gets = quick ? 1_000 : 5_000
  const backend = memoryBackend({ seed: {} })
  const config = createConfig({ backend })
  backend.setFaultMode('refuse')
  const start = performance.now()
  const outcomes = await Promise.allSettled(Array.from({ length: gets }, (_, i) => config.get(`/load/k${i}`)))
  const ms = performance.now() - start
  const errors = outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason)
  const typed = errors.filter((e) => e instanceof BackendUnavailableError && refusedInChain(e)).length
  const share = errors.length ? typed / errors.length : 0
  const perKey = callsOf(backend) / gets
  const opens = config.stats().policy.circuitOpens
  await config.close()
  const label = `6. ${gets} concurrent cold gets, ECONNREFUSED`
  return [
    {
      case: label,
      measure: `errors that are BackendUnavailableError with ECONNREFUSED in the cause chain (${errors.length} errors, ${Math.round(ms)} ms)`,
      figure: `${round(100 * share, 1)} %`,
      target: '100 %',
      result: verdict(errors.length === gets && typed === errors.length),
    },
    {
      case: label,
      measure: `backend calls per key (${callsOf(backend)} calls, circuit opened ${opens}×)`,
      figure: round(perKey, 4),
      target: '≪ 1 (≤ 0.1)',
      result: verdict(perKey <= 0.1),
    },
  ]
}
