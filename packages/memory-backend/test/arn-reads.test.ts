import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'

// The memory backend is one account in one region: an ARN reads the parameter or secret named inside it,
// so code that reads what another account shares by ARN runs offline in tests.
const ssmArn = 'arn:aws:ssm:us-east-1:111122223333:parameter/shared/db/host'
const secretArn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:/shared/db-AbCdEf'

function backend() {
  const b = memoryBackend({ seed: { '/shared/db/host': 'db.shared' } })
  return b
}

describe('the memory backend reads ARNs', () => {
  it('a parameter ARN (with or without a selector) and a secret ARN (with its random suffix), named by the ARN', async () => {
    const b = backend()
    await b.put('/shared/db', '{"password":"pw"}', { type: 'Secret' })
    await b.put('/shared/db/host', 'db.shared.2', { overwrite: true })
    const config = createConfig({ backend: b, prefix: '' })
    expect(await config.get(ssmArn)).toBe('db.shared.2')
    expect(await config.get(`${ssmArn}:1`)).toBe('db.shared')
    expect((await b.get(ssmArn)).name).toBe(ssmArn)
    expect((await config.getSecret(`${secretArn}#password`)).reveal()).toBe('pw')
    const many = await b.getMany([ssmArn, secretArn, 'arn:aws:ssm:us-east-1:111122223333:parameter/none'])
    expect(many.entries.map((e) => e.name).sort()).toEqual([secretArn, ssmArn].sort())
    expect(many.missing).toEqual(['arn:aws:ssm:us-east-1:111122223333:parameter/none'])
    await config.close()
  })

  it('refuses malformed ARNs and other services before reading, naming the rule', async () => {
    const b = backend()
    const config = createConfig({ backend: b, prefix: '' })
    await expect(config.get('arn:aws:s3:us-east-1:111122223333:bucket/x')).rejects.toMatchObject({
      rule: 'arn-service',
    })
    await expect(config.get('arn:aws:ssm:us-east-1:1:parameter/x')).rejects.toMatchObject({
      rule: 'arn-format',
    })
    await expect(config.get('arn:aws:secretsmanager:us-east-1:111122223333:key/x')).rejects.toMatchObject({
      rule: 'arn-resource',
    })
    expect(b.stats().calls.get + b.stats().calls.getMany).toBe(0)
    await config.close()
  })
})
