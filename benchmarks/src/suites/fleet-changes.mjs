// Suite 8: how changes reach a fleet. A discrete-event simulation on a virtual clock (one simulated
// hour runs in well under a second), parameterised by paramkit's own defaults: cache TTL jitter,
// Parameter Store's 10-per-call limit, SQS's 20 s long poll and watchChanges' refresh jitter.
//   (a) TTL 60 s polling: an instance sees a change at the first reload of the key after it.
//   (b) events + a 1 h TTL backstop: EventBridge -> (SNS ->) SQS -> watchChanges refreshes the one
//       changed name after the event's delivery latency and a random delay up to `jitter`.
// The fleet is in steady state: each instance's TTL phase is random, as after a rolling deploy.

import { RECEIVE, watchDefaults } from '@paramkit/change-events'
import { cacheDefaults } from '@paramkit/core/testing'
import { seededRandom } from '@paramkit/memory-backend'
import { SSM_LIMITS } from '@paramkit/ssm-backend'

const HOUR = 3_600_000
/** Assumed EventBridge -> SNS -> SQS delivery, change to message in the queue (an assumption, not an AWS figure). */
const EVENT_LATENCY_MS = 500
/** One GetParameter round trip. */
const CALL_MS = 30

/** Reload times in [0, HOUR) of one cache slot with `ttl`, in steady state; paramkit takes up to `jitter` × ttl off each. */
function reloads(ttl, random) {
  const life = () => ttl * (1 - cacheDefaults.jitter * random())
  const times = []
  for (let t = -random() * life() + life(); t < HOUR; t += life()) if (t >= 0) times.push(t)
  return times
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]

/**
 * One scenario. `perKey`: the app reads keys one by one (config.get), so each key reloads on its own
 * (one call each); otherwise it reads its tree (getTree), reloading 100 parameters in 10 calls.
 */
function simulate({ instances, parameters, changes, ttl, events, perKey, seed }) {
  const random = seededRandom(seed)
  const changeAt = Array.from({ length: changes }, (_, i) => ({
    time: ((i + random()) * HOUR) / changes,
    key: Math.floor(random() * parameters),
  }))
  const callsPerTree = Math.ceil(parameters / SSM_LIMITS.page)
  let ssmCalls = 0
  let sqsCalls = 0
  const delays = []
  for (let i = 0; i < instances; i++) {
    const schedules = perKey
      ? Array.from({ length: parameters }, () => reloads(ttl, random))
      : [reloads(ttl, random)]
    ssmCalls += perKey ? schedules.reduce((n, s) => n + s.length, 0) : schedules[0].length * callsPerTree
    for (const change of changeAt) {
      if (events) {
        // The message ends the long poll in flight at once; then the jitter, then one GetParameter.
        delays.push(EVENT_LATENCY_MS + random() * watchDefaults.jitter + CALL_MS)
        ssmCalls += 1
        sqsCalls += 2 // the ReceiveMessage that returns it and its DeleteMessageBatch
      } else {
        const schedule = schedules[perKey ? change.key : 0]
        const next = schedule.find((t) => t > change.time)
        delays.push((next ?? HOUR + ttl) - change.time + CALL_MS)
      }
    }
    // Empty long polls fill the rest of the hour.
    if (events) sqsCalls += Math.ceil(HOUR / (RECEIVE.waitTimeSeconds * 1000))
  }
  delays.sort((a, b) => a - b)
  return { ssmCalls, sqsCalls, p50: percentile(delays, 0.5), p99: percentile(delays, 0.99) }
}

export async function fleetChangesSuite({ quick }) {
  const base = { instances: 1000, parameters: 100, changes: 10, seed: 16 }
  const rows = []
  for (const perKey of quick ? [false] : [false, true]) {
    const polling = simulate({ ...base, ttl: 60_000, events: false, perKey })
    const pushed = simulate({ ...base, ttl: HOUR, events: true, perKey })
    const reads = perKey ? 'keys one by one' : 'tree (getTree)'
    for (const [name, r] of [
      ['(a) TTL 60 s polling', polling],
      ['(b) events + 1 h TTL backstop', pushed],
    ]) {
      rows.push({
        scenario: name,
        'app reads': reads,
        'Parameter Store calls': r.ssmCalls,
        'SQS calls': r.sqsCalls,
        'propagation p50 s': Number((r.p50 / 1000).toFixed(2)),
        'propagation p99 s': Number((r.p99 / 1000).toFixed(2)),
      })
    }
    rows.push({
      scenario: '(a) / (b)',
      'app reads': reads,
      'Parameter Store calls': Number((polling.ssmCalls / pushed.ssmCalls).toFixed(1)),
      'propagation p99 s': Number((polling.p99 / pushed.p99).toFixed(1)),
    })
  }
  return {
    title: 'Fleet changes: 1,000 instances, 100 parameters, 10 changes in one simulated hour',
    rows,
    note:
      `Assumed event delivery latency ${EVENT_LATENCY_MS} ms (EventBridge -> SNS -> SQS; not an AWS figure) and ${CALL_MS} ms per GetParameter. ` +
      `TTL jitter ${cacheDefaults.jitter * 100}% (paramkit's default), ${SSM_LIMITS.page} parameters per call, watchChanges jitter up to ${watchDefaults.jitter} ms, ` +
      `${RECEIVE.waitTimeSeconds} s long polls. Steady state: every instance's TTL phase is random. Targets: (b) >= 50x fewer Parameter Store calls than (a); ` +
      `(b) p99 <= 2 s + event latency. Every change costs each instance one GetParameter and the 1 h backstop one reload, so a tree-reading fleet ` +
      'is bounded near 30x; apps reading keys one by one reload each key on its own under polling and pass 50x. SQS polls are counted apart: they do not ' +
      "draw on Parameter Store's throughput (40 TPS by default).",
  }
}
