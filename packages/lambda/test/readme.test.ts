import { fileURLToPath } from 'node:url'
import { runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

describe('README', () => {
  it('runs its example and prints what its comments say', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)))
    expect(output.trim().split('\n')).toEqual([
      '{"id":"o-1","host":"db.prod","stripe":"[redacted]"}',
      '{"id":"o-2","host":"db.prod","stripe":"[redacted]"}',
    ])
  })
})
