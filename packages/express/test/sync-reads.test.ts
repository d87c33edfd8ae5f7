import type { AddressInfo } from 'node:net'
import { createConfig } from '@paramkit/core'
import { loadBeforeListen, paramkit, paramkitErrorHandler } from '@paramkit/express'
import { memoryBackend } from '@paramkit/memory-backend'
import express5 from 'express'
import express4 from 'express4'
import { afterEach, describe, expect, it } from 'vitest'

const servers: { close(): void }[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

type AppFactory = typeof express5
const versions: [string, AppFactory][] = [
  ['Express 5', express5],
  ['Express 4', express4 as unknown as AppFactory],
]

for (const [version, express] of versions) {
  describe(`req.config sync reads on ${version}`, () => {
    async function boot() {
      const logged: string[] = []
      const backend = memoryBackend({
        seed: {
          '/prod/order-api': {
            database: {
              host: 'db.prod',
              port: '5432',
              password: { type: 'SecureString', value: 'Sync-pw-1' },
            },
            config: { log_level: 'info', region: 'eu-west-1' },
          },
        },
      })
      const config = createConfig({ backend, env: 'prod', service: 'order-api' })
      await loadBeforeListen(config)
      const app = express()
      app.use(paramkit(config))
      // Five reads, one reveal(), no await.
      app.get('/order', (req, res) => {
        const c = req.config
        const password = c.getSecretSync('database/password')
        res.json({
          host: c.getSync('database/host'),
          port: Number(c.getSync('database/port')),
          level: c.getSync('config/log_level'),
          region: c.getOptionalSync('config/region'),
          passwordLength: password.reveal().length,
          redacted: String(password),
        })
      })
      app.get('/unloaded', (req, res) => {
        res.json({ value: req.config.getSync('/elsewhere/never/loaded') })
      })
      app.use(paramkitErrorHandler({ log: (_error, detail) => logged.push(detail) }))
      const server = app.listen(0)
      servers.push(server)
      await new Promise((resolve) => server.once('listening', resolve))
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      return { backend, config, url, logged }
    }

    it('answers a route of five sync reads from the cache, with no backend call', async () => {
      const { url, config } = await boot()
      const calls = config.stats().backendCalls
      const body = await (await fetch(`${url}/order`)).json()
      expect(body).toEqual({
        host: 'db.prod',
        port: 5432,
        level: 'info',
        region: 'eu-west-1',
        passwordLength: 'Sync-pw-1'.length,
        redacted: '[redacted]',
      })
      expect(config.stats().backendCalls).toBe(calls)
      await config.close()
    })

    it('a changed value (refresh or change event) is what the next request reads', async () => {
      const { url, backend, config } = await boot()
      await backend.put('/prod/order-api/database/host', 'db2.prod', { overwrite: true })
      await config.refresh('database/host')
      expect(await (await fetch(`${url}/order`)).json()).toMatchObject({ host: 'db2.prod' })
      await config.close()
    })

    it('a key never loaded answers 503 NOT_LOADED with a generic body; the log names the key and the call that loads it', async () => {
      const { url, config, logged } = await boot()
      const response = await fetch(`${url}/unloaded`)
      expect(response.status).toBe(503)
      const body = (await response.json()) as { error: string; message: string }
      expect(body).toEqual({ error: 'NOT_LOADED', message: 'Configuration is unavailable; try again later' })
      expect(logged).toHaveLength(1)
      expect(logged[0]).toContain('key="/elsewhere/never/loaded"')
      expect(logged[0]).toContain('config.preload(["/elsewhere/never/loaded"])')
      expect(JSON.stringify(body) + logged.join('')).not.toContain('Sync-pw-1')
      await config.close()
    })
  })
}
