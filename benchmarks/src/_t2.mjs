import { fileURLToPath } from 'node:url'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
const fixture = fileURLToPath(new URL('../../examples/fixtures/order-api.json', import.meta.url))
const [base, cap] = process.argv.slice(2).map(Number)
for (const seed of [1, 2]) {
const shared = await memoryBackend.fromFile(fixture, { faults: { throttle: { tps: 40 }, seed } })
const own = () => ({ name: shared.name, capabilities: shared.capabilities, get: (n, o) => shared.get(n, o), getMany: (n, o) => shared.getMany(n, o), list: (p, o) => shared.list(p, o) })
const t = performance.now()
const ok = await Promise.all(Array.from({ length: 100 }, async () => {
  const c = createConfig({ backend: own(), env: 'prod', service: 'order-api', fallbacks: ['/{env}/shared', '/shared'], retry: { listBaseDelayMs: base, listCapDelayMs: cap } })
  return c.load().then(() => 1, () => 0)
}))
console.log(base, cap, ((performance.now() - t) / 1000).toFixed(2), 's', shared.stats().calls.list, 'calls', 100 - ok.reduce((a, b) => a + b), 'failed')
}
