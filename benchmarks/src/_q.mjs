import { createConfig, encodeAad, localKeyProvider, seal } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { createDecipheriv } from 'node:crypto'
import { fakeSsm, fixedStore } from './fake-aws.mjs'
const value = 'v'.repeat(64), secret = '/bench/hits/secret'
const { client } = fakeSsm(fixedStore({ [secret]: value }, { [secret]: 'SecureString' }))
const config = createConfig({ backend: ssmBackend({ client }), cache: { ttl: 3_600_000 } })
await config.get(secret)
const ctx = { namespace: 'paramkit:ssm', key: secret, version: '1', keyId: 'k' }
const { key } = localKeyProvider().keyForSeal()
const sealed = seal(new TextEncoder().encode(value), key, ctx).sealed
const aad = encodeAad(ctx); const dec = new TextDecoder()
function bare() { const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12), { authTagLength: 16 }); d.setAAD(aad); d.setAuthTag(sealed.subarray(sealed.length - 16)); const o = d.update(sealed.subarray(12, sealed.length - 16)); d.final(); return dec.decode(o) }
const N = 50000
const r = { bare: [], abare: [], get: [] }
for (let round = 0; round < 8; round++) {
  let s = performance.now(); for (let i = 0; i < N; i++) bare(); r.bare.push(performance.now() - s)
  s = performance.now(); for (let i = 0; i < N; i++) await bare(); r.abare.push(performance.now() - s)
  s = performance.now(); for (let i = 0; i < N; i++) await config.get(secret); r.get.push(performance.now() - s)
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1]
for (const k of Object.keys(r)) console.log(k, (med(r[k]) / N * 1000).toFixed(2), 'µs')
console.log('get/bare ratio (throughput)', (med(r.bare) / med(r.get)).toFixed(3), ' vs awaited bare', (med(r.abare) / med(r.get)).toFixed(3))
await config.close()
