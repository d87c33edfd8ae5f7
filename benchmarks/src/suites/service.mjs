// Suite 8: a service's hot path. The same Express 5 route (5 reads per request: 4 String, 1 SecureString)
// over paramkit at default options, over Powertools and over a plain object, each served by its own child
// process on 127.0.0.1 and loaded by a keep-alive loop of 20 connections from this one. The routes are
// loaded in turn, several rounds, and each keeps its median: a busy machine drifts, and every route
// sees the same drift.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { httpLoad } from '../http-load.mjs'
import { allVariants, PARAMKIT_SYNC, SEALED_PLAIN, SEALED_PLAIN_SODIUM, variants } from '../service/app.mjs'
import { NEST_CONFIG, nestVariants } from '../service/nest-app.mjs'

const serve = fileURLToPath(new URL('../service/serve.mjs', import.meta.url))

async function startServer(variant) {
  const child = fork(serve, [variant], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // The parent process already showed the AWS SDK's Node-version notice, if any.
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve)
    exited.then((code) => reject(new Error(`service "${variant}" exited with ${code}`)), reject)
  })
  return {
    port,
    async stop() {
      if (child.connected) child.disconnect()
      await exited
    },
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

export async function serviceSuite({ quick }) {
  const names = Object.keys(allVariants)
  const servers = await Promise.all(names.map(startServer))
  const runs = Object.fromEntries(names.map((n) => [n, []]))
  try {
    for (let round = 0; round < (quick ? 1 : 5); round++) {
      for (const [i, name] of names.entries()) {
        runs[name].push(
          await httpLoad({
            port: servers[i].port,
            path: '/order',
            connections: 20,
            durationMs: quick ? 400 : 1500,
            warmupMs: quick ? 150 : 300,
          }),
        )
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
  const failed = names.filter((n) => runs[n].some((r) => r.failed > 0 || r.requests === 0))
  if (failed.length > 0) throw new Error(`service suite: failed requests in ${failed.join(', ')}`)
  const rps = Object.fromEntries(names.map((n) => [n, median(runs[n].map((r) => r.rps))]))
  const express = Object.keys(variants)
  const nest = Object.keys(nestVariants)
  return {
    title: 'Service: Express 5 route reading 5 keys per request (4 String, 1 SecureString), 20 connections',
    rows: [
      ...express.map((n) => ({
        route: n,
        'req/s': rps[n],
        requests: runs[n].reduce((sum, r) => sum + r.requests, 0),
        'vs plain object': rps[n] / rps['plain object'],
        'vs Powertools': rps[n] / rps['Powertools SSMProvider'],
        'vs sealed plain object (AES)': rps[n] / rps[SEALED_PLAIN],
        'vs sealed plain object (libsodium)': rps[n] / rps[SEALED_PLAIN_SODIUM],
        ...(n === PARAMKIT_SYNC ? { 'vs async paramkit route': rps[n] / rps.paramkit } : {}),
      })),
      ...nest.map((n) => ({
        route: n,
        'req/s': rps[n],
        requests: runs[n].reduce((sum, r) => sum + r.requests, 0),
        'vs @nestjs/config (Nest)': rps[n] / rps[NEST_CONFIG],
      })),
    ],
    note: SERVICE_NOTE,
  }
}

export const SERVICE_NOTE =
  'Target: paramkit at default options (encrypt: "sensitive", XChaCha20-Poly1305 through libsodium) ≥ 0.95× the same route ' +
  'over a plain object, with the sync-read issue (this row reports the libsodium share). ' +
  'The sync-read route (5 reads with no await, 1 reveal()) ≥ 0.95× the plain object, together with native sealing; ' +
  "the Nest route on paramkit's live ConfigService ≥ 0.95× the same route on @nestjs/config's. " +
  'Each route runs in its own child process on 127.0.0.1; a keep-alive loop of 20 raw-socket connections in the parent drives ' +
  'them in turn, 5 rounds, median kept. The route awaits each of its 5 reads, as handler code does; the plain object reads synchronously. ' +
  'The sealed plain-object routes keep their SecureString sealed and open it once per request with a bare AES-256-GCM open ' +
  '(node:crypto) or a bare libsodium XChaCha20-Poly1305 open (no cache, no lookup): the most a route can reach while the ' +
  'secret stays out of the heap between uses.'
