// Suite 6: a fleet start — K instances each loading the order-api tree through one Parameter Store
// account throttled at 40 TPS (the memory backend's token bucket). Each instance is a config client
// with its own backend object; paramkit paces and retries its listings itself. Then the largest fleet
// again, every instance warm-booting from one sealed snapshot (fleet/warm-boot.mjs).
import { fileURLToPath } from 'node:url'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { ownBackend } from '../fleet/own-backend.mjs'
import { warmBootFleet } from '../fleet/warm-boot.mjs'

const fixture = fileURLToPath(new URL('../../../examples/fixtures/order-api.json', import.meta.url))
const TPS = 40

export async function fleetSuite({ quick }) {
  const probe = await memoryBackend.fromFile(fixture)
  const probeConfig = createConfig({
    backend: probe,
    env: 'prod',
    service: 'order-api',
    fallbacks: ['/{env}/shared', '/shared'],
  })
  await probeConfig.load()
  const callsPerLoad = probe.stats().calls.list
  const rows = []
  for (const k of quick ? [5, 20] : [10, 50, 100]) {
    const shared = await memoryBackend.fromFile(fixture, { faults: { throttle: { tps: TPS }, seed: k } })
    const start = performance.now()
    const results = await Promise.all(
      Array.from({ length: k }, async () => {
        const config = createConfig({
          backend: ownBackend(shared),
          env: 'prod',
          service: 'order-api',
          fallbacks: ['/{env}/shared', '/shared'],
        })
        const ok = await config.load().then(
          () => true,
          () => false,
        )
        await config.close()
        return ok
      }),
    )
    const seconds = (performance.now() - start) / 1000
    const stats = shared.stats()
    rows.push({
      boot: 'cold (backend)',
      instances: k,
      'calls per load': callsPerLoad,
      'completion s': Number(seconds.toFixed(2)),
      'failed loads': results.filter((ok) => !ok).length,
      'API calls': stats.calls.list,
      throttled: stats.throttled,
      'limit K·calls/40 s': Number(((k * callsPerLoad) / TPS).toFixed(2)),
      'limit after 40-call burst s': Number((Math.max(0, k * callsPerLoad - TPS) / TPS).toFixed(2)),
    })
  }
  // Quick: a fifth of the fleet over a fifth of the window, so instances per second of window stay alike.
  rows.push(
    await warmBootFleet(
      quick
        ? { fixture, instances: 20, tps: TPS, revalidateMs: 6000 }
        : { fixture, instances: 100, tps: TPS },
    ),
  )
  return {
    title: `Fleet start through a ${TPS} TPS throttle (order-api tree)`,
    rows,
    note: FLEET_NOTE,
  }
}

export const FLEET_NOTE =
  'Target (100 instances): completion ≤ 1.25× the limit after the burst, API calls ≤ 1.5× the minimum (K × calls per load), ' +
  '0 failed. Each instance paces its own listings (an adaptive rate shared with its batches, one call at a time until one ' +
  'succeeds, decorrelated jitter after a throttle, base 1 s); no instance knows how many others share the account. ' +
  'Warm boot: one snapshot sealed once by `paramkit pull --snapshot --kms-key-id` (runCli, the in-process KMS client), ' +
  'then every instance starts with `snapshot: { path, warmBoot: true }` and `withSnapshotKeys(localKeyProvider(), kmsKeyProvider())`; ' +
  'target 0 Parameter Store calls at boot, ≤ 1 KMS call per instance, revalidation (default window 30 s, batches of 10) ' +
  'under 40 calls in any one second. Quick: 20 instances over a 6 s window (the same instances per second).'
