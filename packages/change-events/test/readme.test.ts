import { fileURLToPath } from 'node:url'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'
import { clients, createQueue } from './support/aws.js'

describe('README', () => {
  it('runs its example against SSM and SQS (moto) and prints what its comments say', async () => {
    const { url } = await createQueue(clients().sqs, 'readme-instance')
    const run = () =>
      runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)), {
        AWS_ENDPOINT_URL: motoEndpoint(),
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        PARAMKIT_QUEUE_URL: url,
      })
    let output = ''
    try {
      output = run().output
    } catch (error) {
      throw new Error(String((error as { stderr?: string }).stderr))
    }
    expect(output.trim().split('\n')).toEqual(['off', "[ '/prod/order-api/feature/search' ]", 'on'])
  })

  it('without PARAMKIT_QUEUE_URL, the example says in one line to set it and where to get one, exit 1', () => {
    const readme = fileURLToPath(new URL('../README.md', import.meta.url))
    const failure = (() => {
      try {
        runReadmeExample(readme, { PARAMKIT_QUEUE_URL: '', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' })
      } catch (error) {
        return error as { status: number; stdout: string; stderr: string }
      }
    })()
    expect(failure?.status).toBe(1)
    expect(failure?.stdout).toBe('')
    expect(failure?.stderr).toBe(
      'PARAMKIT_QUEUE_URL is not set: export the URL of the SQS queue your EventBridge rule feeds' +
        ' (in the paramkit repository, `npm run moto` creates one and prints the line to export)\n',
    )
  })
})
