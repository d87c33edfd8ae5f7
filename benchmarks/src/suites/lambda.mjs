// Suite: AWS Lambda. (a) cold start to the first invocation result in a fresh Node process, through the
// 20 ms-per-call SSM client: paramkit's withConfig, cold and warm-booting from a sealed snapshot, vs
// Powertools Parameters; (b) the handler bundled by
// esbuild, minified; (c) the extra p99 latency of an invocation whose value has expired, stale value at hand.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { fakeSsm } from '../fake-aws.mjs'
import { paramkitHandler } from '../lambda/paramkit-handler.mjs'
import { powertoolsHandler } from '../lambda/powertools-handler.mjs'
import { sealLambdaSnapshots } from '../lambda/seal.mjs'
import { seededStore } from '../lambda/seed.mjs'

const LATENCY = 20
const here = (path) => fileURLToPath(new URL(path, import.meta.url))

export async function lambdaSuite({ quick }) {
  const dir = mkdtempSync(join(tmpdir(), 'paramkit-lambda-'))
  let cold
  try {
    cold = coldStarts(quick ? 3 : 15, await sealLambdaSnapshots(dir))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const sizes = await bundleSizes()
  const stale = await staleLatency(quick ? 60 : 1000)
  const ratio = cold.paramkit.handler.median / cold.powertools.handler.median
  const totalRatio = cold.paramkit.total.median / cold.powertools.total.median
  const vsPowertools = (which) => [
    cold[which].handler.median / cold.powertools.handler.median,
    cold[which].total.median / cold.powertools.total.median,
  ]
  const warmRatio = vsPowertools('paramkit-warm-kms')[0]
  const rows = [
    coldRow('paramkit withConfig', cold.paramkit, ratio, totalRatio),
    coldRow(
      'paramkit warm boot, KMS-wrapped snapshot',
      cold['paramkit-warm-kms'],
      ...vsPowertools('paramkit-warm-kms'),
    ),
    coldRow(
      'paramkit warm boot, PARAMKIT_SNAPSHOT_KEY',
      cold['paramkit-warm-key'],
      ...vsPowertools('paramkit-warm-key'),
    ),
    coldRow('Powertools getParametersByName', cold.powertools, 1, 1),
    ...sizes,
    ...stale,
  ]
  return {
    title: `AWS Lambda: cold start, bundle size, expired values (${LATENCY} ms-per-call SSM client)`,
    rows,
    ratio,
    totalRatio,
    warmRatio,
    note:
      'Cold start: a fresh `node` process per run, to the first result (import + init + one invocation); the median of the runs. "handler": from ' +
      'just before the handler module is imported (the AWS SDK already loaded by the bench); "process": from process start, Node and the SDK included. paramkit loads the required keys in one GetParameters call during init; Powertools fetches them in the ' +
      'handler, one GetParameters call. Warm boot: the same paramkit handler with `snapshot: { path, warmBoot: true }`, the snapshot sealed once per run by ' +
      "`paramkit pull --snapshot` (the CLI's runCli over the same store): KMS-wrapped, opened with one Decrypt through an in-process KMS client at the same 20 ms a call " +
      '(`withSnapshotKeys(localKeyProvider(), kmsKeyProvider())`), or sealed under a PARAMKIT_SNAPSHOT_KEY master key (`localKeyProvider({ masterKey })`, no call); ' +
      '0 SSM calls to the first result, each key revalidated in the background later. Bundle: esbuild --bundle --minify --platform=node of the same handler with a real SSMClient, all bundled, ' +
      'and with @aws-sdk/* external as the Node.js runtime provides it (sodium-native, optional, left out: paramkit then seals with @noble/ciphers). ' +
      "Expired value: each invocation's value is past its ttl (paramkit's cache clock moved on; Powertools' cache cleared); paramkit answers the stale " +
      'value at once and reloads in the background (`waitMs: 0`, the default); Powertools waits for the fetch.',
  }
}

function coldRow(name, runs, ratio, totalRatio) {
  return {
    case: `cold start: ${name}`,
    'handler median ms': runs.handler.median,
    'handler p90 ms': runs.handler.p90,
    'handler vs Powertools': ratio,
    'process median ms': runs.total.median,
    'process vs Powertools': totalRatio,
    calls: runs.calls,
    'KMS calls': runs.kmsCalls,
  }
}

const VARIANTS = ['paramkit', 'paramkit-warm-kms', 'paramkit-warm-key', 'powertools']

function coldStarts(runs, snapshots) {
  const out = Object.fromEntries(VARIANTS.map((which) => [which, { handler: [], total: [] }]))
  const calls = {}
  const env = (which) => ({
    ...process.env,
    BENCH_SNAPSHOT: which === 'paramkit-warm-kms' ? snapshots.kms : snapshots.key,
    BENCH_SNAPSHOT_KEY: snapshots.masterKey,
  })
  for (let i = 0; i < runs; i++)
    for (const which of VARIANTS) {
      const child = spawnSync(process.execPath, [here('../lambda/cold-child.mjs'), which], {
        encoding: 'utf8',
        env: env(which),
      })
      const line = child.stdout.trim().split('\n').at(-1) ?? ''
      const result = JSON.parse(line || '{}')
      const warm = which.startsWith('paramkit-warm')
      if (child.status !== 0 || !result.ok || (warm && result.booted !== 'booted'))
        throw new Error(`cold start of ${which} failed (${result.booted}): ${child.stderr.slice(0, 500)}`)
      out[which].handler.push(result.handler)
      out[which].total.push(result.total)
      calls[which] = { calls: result.calls, kmsCalls: result.kmsCalls }
    }
  const stats = (list) => ({ median: quantile(list, 0.5), p90: quantile(list, 0.9) })
  const summary = (which) => ({
    handler: stats(out[which].handler),
    total: stats(out[which].total),
    ...calls[which],
  })
  return Object.fromEntries(VARIANTS.map((which) => [which, summary(which)]))
}

async function bundleSizes() {
  const rows = []
  for (const [name, entry] of [
    ['paramkit withConfig', '../lambda/bundle-paramkit.mjs'],
    ['Powertools getParametersByName', '../lambda/bundle-powertools.mjs'],
  ]) {
    const size = async (external) => {
      const result = await build({
        entryPoints: [here(entry)],
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        write: false,
        logLevel: 'silent',
        external: ['sodium-native', ...external],
      })
      return result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0)
    }
    rows.push({
      case: `bundle: ${name}`,
      'KiB, all bundled': (await size([])) / 1024,
      'KiB, @aws-sdk external': (await size(['@aws-sdk/*'])) / 1024,
    })
  }
  return rows
}

async function staleLatency(n) {
  const fake = fakeSsm(await seededStore(), LATENCY)
  let now = Date.now()
  const clock = { now: () => now }
  const paramkit = paramkitHandler(fake.client, { ttl: 60_000, jitter: 0, clock })
  const powertools = powertoolsHandler(fake.client)
  const context = { getRemainingTimeInMillis: () => 3000 }
  await paramkit.ready
  await powertools({ id: 'warm' }, context)
  const fresh = []
  const expired = []
  const powertoolsExpired = []
  const powertoolsFresh = []
  for (let i = 0; i < n; i++) {
    fresh.push(await timeOne(() => paramkit({ id: i }, context)))
    powertoolsFresh.push(await timeOne(() => powertools({ id: i }, context)))
    now += 61_000 // past the ttl: the next invocation finds the value expired
    expired.push(await timeOne(() => paramkit({ id: i }, context)))
    powertools.expire()
    powertoolsExpired.push(await timeOne(() => powertools({ id: i }, context)))
    await new Promise((resolve) => setTimeout(resolve, LATENCY + 5)) // between invocations, the reload lands
  }
  await paramkit.config.close()
  const row = (name, f, e) => ({
    case: `expired value: ${name}`,
    'p99 fresh ms': quantile(f, 0.99),
    'p99 expired ms': quantile(e, 0.99),
    'p99 extra ms': quantile(e, 0.99) - quantile(f, 0.99),
  })
  return [
    row('paramkit (stale at hand)', fresh, expired),
    row('Powertools (cache cleared)', powertoolsFresh, powertoolsExpired),
  ]
}

async function timeOne(run) {
  const start = performance.now()
  await run()
  return performance.now() - start
}

function quantile(list, q) {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}
