import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer, stopServer } from '@paramkit/test-support/spawn-server'
import { beforeAll, describe, expect, it } from 'vitest'
import { exampleApps, prodOnMoto, seedMoto } from './support/example-apps.js'
import { countInHeap, countKeysInHeap, recordedKeys, takeHeapSnapshot } from './support/heap-search.js'

const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL('../examples/fixtures/order-api.json', import.meta.url)), 'utf8'),
) as Record<string, Record<string, Record<string, string | { type: string; value: string }>>>

/** The prod secrets (every SecureString under /prod/order-api) and a plain value the app keeps in clear. */
const prodSecrets = Object.values(fixture['/prod/order-api']!).flatMap((level) =>
  Object.values(level).flatMap((v) => (typeof v === 'object' && v.type === 'SecureString' ? [v.value] : [])),
)
const control = fixture['/prod/order-api']!.database!.host as string // 'orders-db.prod.internal'
const recordKeys = fileURLToPath(new URL('./support/record-random-keys.mjs', import.meta.url))

beforeAll(seedMoto)

describe('the example apps, running on Parameter Store (moto), hold no plaintext secret and no data-key bytes', () => {
  for (const [name, script] of Object.entries(exampleApps)) {
    it(`${name}: after /health, /config and /orders/feature, a heap snapshot has 0 of ${prodSecrets.length} prod secrets and 0 data-key bytes`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'paramkit-heap-'))
      const keysFile = join(dir, 'keys.txt')
      const { url, child, output } = await startServer(
        script,
        { ...prodOnMoto(), RECORD_KEYS_FILE: keysFile },
        [`--import=${recordKeys}`, '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
      )
      try {
        expect(await (await fetch(`${url}/health`)).json()).toEqual({
          status: 'ok',
          env: 'prod',
          backend: 'ssm',
        })
        const config = (await (await fetch(`${url}/config`)).json()) as { database: unknown }
        expect(config.database).toMatchObject({ host: control, password: '[redacted]' })
        expect(await (await fetch(`${url}/orders/feature`)).json()).toEqual({
          v2: false,
          currencies: ['usd', 'eur', 'gbp'],
        })
        const health = async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok === true
        const file = await takeHeapSnapshot(child, dir, health)
        const found = countInHeap(file, prodSecrets)
        const controlFound = countInHeap(file, [control])
        const total = Object.values(found)
          .flatMap((forms) => Object.values(forms))
          .reduce((a, b) => a + b, 0)
        console.log(
          `${name} heap: ${total} plaintext occurrences of ${prodSecrets.length} prod secrets, by form ${JSON.stringify(found)}; ` +
            `control (plain host) found ${Object.values(controlFound)[0]!['raw / JSON-escaped']} times`,
        )
        expect(Object.values(controlFound)[0]!['raw / JSON-escaped']).toBeGreaterThan(0)
        expect(prodSecrets).toHaveLength(3)
        expect(total).toBe(0)
        // Data keys: the app sealed its secrets, so it made keys; none of their bytes is in the heap, while
        // the key-sized control the hook keeps there as hex is found by the same search.
        const keys = recordedKeys(keysFile)
        const { keys: keyBytesFound, control: controlKeyFound } = countKeysInHeap(file, keys)
        console.log(
          `${name} heap: ${keys.keys.length} keys made, ${keyBytesFound} occurrences of their bytes; control ${controlKeyFound}`,
        )
        expect(keys.keys.length).toBeGreaterThan(0)
        expect(controlKeyFound).toBeGreaterThan(0)
        expect(keyBytesFound).toBe(0)
        expect(output()).not.toMatch(/prd-Pw-|sk_live_/)
      } finally {
        await stopServer(child)
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})
