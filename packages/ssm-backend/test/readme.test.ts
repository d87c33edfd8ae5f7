import { fileURLToPath } from 'node:url'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { runReadmeBlock, runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

describe('README', () => {
  it('runs its example against Parameter Store (moto) and prints what its comments say', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)), {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    })
    expect(output.trim().split('\n')).toEqual([
      'db.prod.internal',
      "[ 'a.example', 'b.example' ]",
      '[redacted]',
      '3',
    ])
  })

  it('runs its two-region example on moto: the first region, then the second when the first refuses, then an ARN', () => {
    const { output } = runReadmeBlock(fileURLToPath(new URL('../README.md', import.meta.url)), 1, {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    })
    expect(output.trim().split('\n')).toEqual([
      'db.east',
      'ssm(us-east-1)',
      'switch ssm(1) unavailable',
      'db.west',
      'db.east',
    ])
  })
})
