import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { runReadmeExample } from '@paramkit/test-support/readme-example'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MotoRunner, startMotoRunner } from './support/moto-runner.js'

const routed = fileURLToPath(new URL('../../examples/routed-order-api/index.mjs', import.meta.url))
const changeEvents = fileURLToPath(new URL('../../packages/change-events/README.md', import.meta.url))

describe('npm run moto', () => {
  let moto: MotoRunner
  beforeAll(async () => {
    moto = await startMotoRunner()
  })
  afterAll(async () => {
    await moto?.stop()
  })

  it('prints the environment to export: a local endpoint, a region, fake credentials and the change queue', () => {
    expect(moto.env).toEqual({
      AWS_ENDPOINT_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      PARAMKIT_QUEUE_URL: `${moto.env.AWS_ENDPOINT_URL}/123456789012/paramkit-changes`,
    })
    expect(moto.output()).toMatch(/\d+ order-api entries \(dev, staging, prod, shared\)/)
  })

  it('seeds every environment: the routed example runs with each APP_ENV, without --seed', () => {
    for (const [env, host] of [
      ['dev', 'localhost'],
      ['staging', 'orders-db.staging.internal'],
      ['prod', 'orders-db.prod.internal'],
    ]) {
      const out = execFileSync(process.execPath, [routed], {
        encoding: 'utf8',
        env: { ...process.env, ...moto.env, APP_ENV: env },
      })
      expect(out).toContain(`order-api (${env}) from router(secrets-manager,ssm)`)
      expect(out).toContain(`host: '${host}'`)
      expect(out).toContain('database/password: type Secret, stages AWSCURRENT')
      expect(out).not.toMatch(/Pw-|sk_(test|live)_/)
    }
  })

  it('creates the change queue and its EventBridge rule: a Parameter Store change reaches PARAMKIT_QUEUE_URL', async () => {
    const config = { endpoint: moto.env.AWS_ENDPOINT_URL, region: 'us-east-1' }
    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
    const events = new EventBridgeClient({ ...config, credentials })
    const sqs = new SQSClient({ ...config, credentials })
    try {
      const detail = { operation: 'Update', name: '/prod/other-service/x', type: 'String' }
      await events.send(
        new PutEventsCommand({
          Entries: [
            { Source: 'aws.ssm', DetailType: 'Parameter Store Change', Detail: JSON.stringify(detail) },
          ],
        }),
      )
      const QueueUrl = moto.env.PARAMKIT_QUEUE_URL!
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }))
      for (const m of Messages)
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }))
      expect(Messages.map((m) => JSON.parse(m.Body!).detail)).toEqual([detail])
    } finally {
      events.destroy()
      sqs.destroy()
    }
  })

  it('runs the @paramkit/change-events README example with only the exports it printed', () => {
    const { output } = runReadmeExample(changeEvents, moto.env)
    expect(output.trim().split('\n')).toEqual(['off', "[ '/prod/order-api/feature/search' ]", 'on'])
  })

  it('stops moto on Ctrl-C and exits 0', async () => {
    const { AWS_ENDPOINT_URL } = moto.env
    expect((await fetch(`${AWS_ENDPOINT_URL}/moto-api/`)).ok).toBe(true)
    expect(await moto.stop()).toBe(0)
    await expect(fetch(`${AWS_ENDPOINT_URL}/moto-api/`)).rejects.toThrow()
  })
})
