// Suite: AWS Lambda. (a) cold start to the first invocation result in a fresh Node process, through the
// 20 ms-per-call SSM client: paramkit's withConfig vs Powertools Parameters; (b) the handler bundled by
// esbuild, minified; (c) the extra p99 latency of an invocation whose value has expired, stale value at hand.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { fakeSsm } from '../fake-aws.mjs'
import { paramkitHandler } from '../lambda/paramkit-handler.mjs'
import { powertoolsHandler } from '../lambda/powertools-handler.mjs'
import { seededStore } from '../lambda/seed.mjs'

const LATENCY = 20
const here = (path) => fileURLToPath(new URL(path, import.meta.url))

export async function lambdaSuite({ quick }) {
  const cold = coldStarts(quick ? 3 : 15)
  const sizes = await bundleSizes()
  const stale = await staleLatency(quick ? 60 : 1000)
  const ratio = cold.paramkit.handler.median / cold.powertools.handler.median
  const totalRatio = cold.paramkit.total.median / cold.powertools.total.median
  const rows = [
    coldRow('paramkit withConfig', cold.paramkit, ratio, totalRatio),
    coldRow('Powertools getParametersByName', cold.powertools, 1, 1),
    ...sizes,
    ...stale,
  ]
  return {
    title: `AWS Lambda: cold start, bundle size, expired values (${LATENCY} ms-per-call SSM client)`,
    rows,
    ratio,
    totalRatio,
    note:
      'Cold start: a fresh `node` process per run, to the first result (import + init + one invocation); the median of the runs. "handler": from ' +
      'just before the handler module is imported (the AWS SDK already loaded by the bench); "process": from process start, Node and the SDK included. paramkit loads the required keys in one GetParameters call during init; Powertools fetches them in the ' +
      'handler, one GetParameters call. Bundle: esbuild --bundle --minify --platform=node of the same handler with a real SSMClient, all bundled, ' +
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
  }
}

function coldStarts(runs) {
  const out = { paramkit: { handler: [], total: [] }, powertools: { handler: [], total: [] } }
  const calls = {}
  for (let i = 0; i < runs; i++)
    for (const which of ['paramkit', 'powertools']) {
      const child = spawnSync(process.execPath, [here('../lambda/cold-child.mjs'), which], {
        encoding: 'utf8',
      })
      const line = child.stdout.trim().split('\n').at(-1) ?? ''
      const result = JSON.parse(line || '{}')
      if (child.status !== 0 || !result.ok)
        throw new Error(`cold start of ${which} failed: ${child.stderr.slice(0, 500)}`)
      out[which].handler.push(result.handler)
      out[which].total.push(result.total)
      calls[which] = result.calls
    }
  const stats = (list) => ({ median: quantile(list, 0.5), p90: quantile(list, 0.9) })
  const summary = (which) => ({
    handler: stats(out[which].handler),
    total: stats(out[which].total),
    calls: calls[which],
  })
  return { paramkit: summary('paramkit'), powertools: summary('powertools') }
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
