// The fleet start again, every instance booting from one sealed snapshot (warmBoot): Parameter Store
// calls at boot, KMS calls per instance, time to all started, then the background revalidation's calls
// and its peak calls per second through the same 40 TPS throttle.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConfig, localKeyProvider, withSnapshotKeys } from '@paramkit/core'
import { kmsKeyProvider } from '@paramkit/kms'
import { memoryBackend } from '@paramkit/memory-backend'
import { fakeKms } from '../fake-kms.mjs'
import { ownBackend } from './own-backend.mjs'
import { sealSnapshot } from './seal-snapshot.mjs'

const DEFAULT_REVALIDATE_MS = 30_000
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const KMS_KEY = 'alias/order-api-config'
const hierarchy = { env: 'prod', service: 'order-api', fallbacks: ['/{env}/shared', '/shared'] }

/** The largest number of calls inside any one-second window. */
function peakPerSecond(times) {
  let peak = 0
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= 1000) first++
    peak = Math.max(peak, last - first + 1)
  }
  return peak
}

export async function warmBootFleet({ fixture, instances, tps, revalidateMs }) {
  const dir = mkdtempSync(join(tmpdir(), 'paramkit-fleet-'))
  const file = join(dir, 'order-api.snapshot')
  const kms = fakeKms()
  try {
    const sealed = await sealSnapshot({
      fixture,
      file,
      ...hierarchy,
      kmsKeyId: KMS_KEY,
      kmsClient: kms.client,
    })
    kms.reset()
    const shared = await memoryBackend.fromFile(fixture, { faults: { throttle: { tps }, seed: instances } })
    const calls = []
    const onCall = () => calls.push(performance.now())
    const keepAlive = setInterval(() => {}, 1000) // revalidation timers are unref'd, as in a server
    const start = performance.now()
    const fleet = await Promise.all(
      Array.from({ length: instances }, async () => {
        const config = createConfig({
          backend: ownBackend(shared, onCall),
          ...hierarchy,
          cache: {
            keyProvider: withSnapshotKeys(
              localKeyProvider(),
              kmsKeyProvider({ keyId: KMS_KEY, client: kms.client }),
            ),
          },
          snapshot: { path: file, warmBoot: true, ...(revalidateMs ? { revalidateMs } : {}) },
        })
        const revalidated = new Promise((resolve) => config.on('refresh', resolve))
        const booted = await config.load().then(
          () => config.stats().snapshot.warmBoot.outcome === 'booted',
          () => false,
        )
        return { config, booted, revalidated: booted ? revalidated : undefined }
      }),
    )
    const allStarted = performance.now() - start
    const bootCalls = calls.length
    const kmsCalls = kms.total()
    const limit = (revalidateMs ?? DEFAULT_REVALIDATE_MS) * 3
    await Promise.race([Promise.all(fleet.map((i) => i.revalidated)), delay(limit)])
    const window = performance.now() - start
    clearInterval(keepAlive)
    const pending = fleet.reduce((sum, i) => sum + i.config.stats().snapshot.warmBoot.pending, 0)
    const failed = fleet.reduce((sum, i) => sum + i.config.stats().snapshot.warmBoot.failed, 0)
    await Promise.all(fleet.map((i) => i.config.close()))
    const revalidation = calls.slice(bootCalls)
    return {
      boot: 'warm (snapshot)',
      instances,
      'calls per load': 0,
      'completion s': Number((allStarted / 1000).toFixed(3)),
      'failed loads': fleet.filter((i) => !i.booted).length,
      'API calls': bootCalls,
      'KMS calls per instance': kmsCalls / instances,
      'snapshot entries': sealed.entries,
      'revalidation s': Number((window / 1000).toFixed(1)),
      'revalidation calls': revalidation.length,
      'revalidation peak TPS': peakPerSecond(revalidation),
      'revalidation failed': failed,
      'revalidation pending': pending,
      throttled: shared.stats().throttled,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
