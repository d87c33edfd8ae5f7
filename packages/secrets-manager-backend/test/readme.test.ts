import { fileURLToPath } from 'node:url'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { runReadmeBlock, runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

describe('README', () => {
  it('runs its example against Secrets Manager (moto) and prints what its comments say', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)), {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    })
    expect(output.trim().split('\n')).toEqual(['app', '[redacted]', 'connected'])
  })

  it('runs its replica example on moto: a secret replicated to a second region, read by name and by ARN', () => {
    const { output } = runReadmeBlock(fileURLToPath(new URL('../README.md', import.meta.url)), 1, {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    })
    expect(output.trim().split('\n')).toEqual(['[redacted]', 'secrets-manager(us-east-1)', 'true'])
  })
})
