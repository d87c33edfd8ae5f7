import type { AddressInfo } from 'node:net'
import { createConfig, SchemaError, type Secret, type StandardSchemaV1, secretValue } from '@paramkit/core'
import { loadBeforeListen, paramkit, paramkitErrorHandler } from '@paramkit/express'
import { memoryBackend } from '@paramkit/memory-backend'
import express5 from 'express'
import express4 from 'express4'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'

const schema = z.object({
  database: z.object({
    host: z.string(),
    port: z.coerce.number(),
    password: z.custom<Secret>(secretValue().check),
  }),
  config: z.object({ log_level: z.enum(['debug', 'info', 'warn']) }),
}) as StandardSchemaV1

function seed() {
  return memoryBackend({
    seed: {
      '/prod/order-api': {
        database: { host: 'db.prod', port: '5432', password: { type: 'SecureString', value: 'Xpr3ss-pw' } },
        config: { log_level: 'info' },
      },
    },
  })
}

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
  describe(`@paramkit/express on ${version}`, () => {
    async function boot() {
      const backend = seed()
      const config = createConfig({ backend, env: 'prod', service: 'order-api' })
      await loadBeforeListen(config, { schema, required: ['database/host'] })
      const app = express()
      const locals: unknown[] = []
      app.use(paramkit(config, { schema }))
      app.get('/host', async (req, res, next) => {
        try {
          locals.push(res.locals)
          res.json({ host: await req.config.get('database/host') })
        } catch (error) {
          next(error)
        }
      })
      app.get('/config', async (req, res, next) => {
        try {
          res.json(await req.config.load())
        } catch (error) {
          next(error)
        }
      })
      app.get('/leak', async (req, _res, next) => {
        const password = (await req.config.getSecret('database/password')).reveal()
        next(new Error(`could not connect with password ${password}`))
      })
      app.get('/missing', async (req, res, next) => {
        try {
          res.json(await req.config.get('no/such/key'))
        } catch (error) {
          next(error)
        }
      })
      app.use(paramkitErrorHandler())
      const server = app.listen(0)
      servers.push(server)
      await new Promise((resolve) => server.once('listening', resolve))
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      return { backend, config, app, url, locals }
    }

    it('gives every request req.config, reading from the cache', async () => {
      const { url, config } = await boot()
      const before = config.stats().backendCalls
      expect(await (await fetch(`${url}/host`)).json()).toEqual({ host: 'db.prod' })
      expect(await (await fetch(`${url}/host`)).json()).toEqual({ host: 'db.prod' })
      expect(config.stats().backendCalls).toBe(before)
    })

    it('serves the validated config with secrets redacted, and keeps them out of res.locals and app.locals', async () => {
      const { url, app, locals } = await boot()
      const body = await (await fetch(`${url}/config`)).text()
      expect(JSON.parse(body)).toEqual({
        database: { host: 'db.prod', port: 5432, password: '[redacted]' },
        config: { log_level: 'info' },
      })
      await fetch(`${url}/host`)
      expect(JSON.stringify(app.locals)).not.toContain('Xpr3ss-pw')
      expect(JSON.stringify(locals)).not.toContain('Xpr3ss-pw')
    })

    it('changes values without a restart when the cache refreshes, and the change event reaches the app', async () => {
      const { url, backend, config } = await boot()
      const changes: string[] = []
      config.on('change', (e) => changes.push(e.name))
      await fetch(`${url}/host`)
      await backend.put('/prod/order-api/database/host', 'db2.prod', { overwrite: true })
      await config.refresh('database/host')
      expect(await (await fetch(`${url}/host`)).json()).toEqual({ host: 'db2.prod' })
      expect(changes).toEqual(['/prod/order-api/database/host'])
    })

    it('never echoes a secret from an error, and answers paramkit errors with their code, never their message', async () => {
      const { url } = await boot()
      const leak = await fetch(`${url}/leak`)
      expect(leak.status).toBe(500)
      const text = await leak.text()
      expect(text).not.toContain('Xpr3ss-pw')
      expect(JSON.parse(text)).toEqual({ error: 'INTERNAL', message: 'Internal Server Error' })
      const missing = await fetch(`${url}/missing`)
      expect(missing.status).toBe(500)
      expect(await missing.json()).toEqual({
        error: 'NOT_FOUND',
        message: 'Configuration error; the details are in the server log',
      })
    })

    it('stops start-up with one error listing every problem', async () => {
      const backend = memoryBackend({
        seed: {
          '/prod/order-api/database/port': 'not-a-number',
          '/prod/order-api/config/log_level': 'chatty',
        },
      })
      const config = createConfig({ backend, env: 'prod', service: 'order-api' })
      const error = (await loadBeforeListen(config, {
        schema,
        required: ['database/host', 'stripe/api_key'],
      }).catch((e: unknown) => e)) as SchemaError
      expect(error).toBeInstanceOf(SchemaError)
      expect(error.issues.map((i) => i.path).sort()).toEqual([
        'config.log_level',
        'database.host',
        'database.password',
        'database.port',
        'database/host',
        'stripe/api_key',
      ])
      expect(error.message).not.toContain('not-a-number')
      expect(error.message).not.toContain('chatty')
    })
  })
}
