import { encodeAad, localKeyProvider, seal } from '@paramkit/core'
import { createDecipheriv } from 'node:crypto'
const ctx = { namespace: 'paramkit:ssm', key: '/bench/hits/secret', version: '1', keyId: 'local-abcdef12-1' }
const { key } = localKeyProvider().keyForSeal()
const pt = new TextEncoder().encode('v'.repeat(64))
const sealed = seal(pt, key, ctx).sealed
const aad = encodeAad(ctx)
const dec = new TextDecoder()
function bare() { const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12), { authTagLength: 16 }); d.setAAD(aad); d.setAuthTag(sealed.subarray(sealed.length - 16)); const o = d.update(sealed.subarray(12, sealed.length - 16)); d.final(); return dec.decode(o) }
function withAad() { const a = encodeAad(ctx); const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12), { authTagLength: 16 }); d.setAAD(a); d.setAuthTag(sealed.subarray(sealed.length - 16)); const o = d.update(sealed.subarray(12, sealed.length - 16)); d.final(); const s = dec.decode(o); o.fill(0); return s }
async function asyncBare() { return bare() }
function t(name, f, n = 100000) { for (let i = 0; i < 10000; i++) f(); const s = performance.now(); for (let i = 0; i < n; i++) f(); const ms = performance.now() - s; console.log(name, Math.round(n / ms * 1000)) }
async function ta(name, f, n = 100000) { for (let i = 0; i < 10000; i++) await f(); const s = performance.now(); for (let i = 0; i < n; i++) await f(); const ms = performance.now() - s; console.log(name, Math.round(n / ms * 1000)) }
t('encodeAad', () => encodeAad(ctx), 1000000)
t('bare', bare); t('withAad+fill', withAad); await ta('await bare', asyncBare); t('bare', bare)
