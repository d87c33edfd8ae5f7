import { fileURLToPath } from 'node:url'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'
import { motoKms } from './support/moto-kms.js'

describe('README', () => {
  it('runs its example against KMS (moto) and prints what its comments say', async () => {
    const { keyId } = await motoKms()
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)), {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      PARAMKIT_KMS_KEY_ID: keyId,
    })
    expect(output.trim().split('\n')).toEqual(['[redacted]', '1'])
  })
})
