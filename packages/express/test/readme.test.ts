import { fileURLToPath } from 'node:url'
import { runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

describe('README', () => {
  it('runs its example and prints what its comment says', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)))
    expect(output.trim().split('\n')).toEqual([
      '{"database":{"host":"db.prod","password":"[redacted]"}}',
      '{"host":"db.prod","password":6}',
    ])
  })
})
