import { fileURLToPath } from 'node:url'
import { runFailingStart } from '@paramkit/test-support/spawn-server'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- the example is plain JavaScript
import { config } from '../config.mjs'
// @ts-expect-error -- the example is plain JavaScript
import { handler as plain } from '../handler.mjs'
// @ts-expect-error -- the example is plain JavaScript
import { handler as viaMiddy } from '../middy-handler.mjs'
import { sampleResult } from './sample-result.js'

const invoke = fileURLToPath(new URL('../invoke.mjs', import.meta.url))
const secrets = /Pw-|sk_(test|live)_/
const context = () => {
  const deadline = Date.now() + 3000
  return { awsRequestId: 'test-1', getRemainingTimeInMillis: () => deadline - Date.now() }
}
const event = (currency: string) => ({ pathParameters: { id: 'ord-7' }, queryStringParameters: { currency } })

describe('order-api on Lambda, offline on the memory backend', () => {
  it('the start command invokes both wrappers with the sample event and prints their results', () => {
    const run = runFailingStart(invoke, { APP_ENV: 'staging', PARAMKIT_BACKEND: '' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout.trim().split('\n')).toEqual([
      'order-api-lambda (staging) on the memory backend, event GET /orders/{id}',
      `withConfig: ${sampleResult}`,
      `middy: ${sampleResult}`,
    ])
    expect(run.stdout).not.toMatch(secrets)
  })

  it('both handlers answer in-process from context.config, a secret never in the response', async () => {
    for (const handler of [plain, viaMiddy]) {
      const ok = await handler(event('gbp'), context())
      expect(ok.statusCode).toBe(200)
      expect(JSON.parse(ok.body)).toEqual({
        id: 'ord-7',
        currency: 'gbp',
        database: 'localhost',
        v2: true,
        timeoutMs: 5000,
        payments: 'test',
      })
      expect(ok.body).not.toMatch(secrets)
      const refused = await handler(event('jpy'), context())
      expect(refused).toEqual({
        statusCode: 400,
        body: JSON.stringify({ error: 'UNSUPPORTED_CURRENCY', allowed: ['usd', 'eur', 'gbp'] }),
      })
    }
    await config.close()
  })

  it('an unknown backend is one line on stderr and exit 1', () => {
    const run = runFailingStart(invoke, { PARAMKIT_BACKEND: 'redis' })
    expect(run.status).toBe(1)
    expect(run.stderr.trim()).toBe(
      'order-api-lambda could not start: ValidationError: Unknown backend "redis" (PARAMKIT_BACKEND); choose one of: memory, ssm, secrets-manager, routed (rule: backend-name)',
    )
  })
})
