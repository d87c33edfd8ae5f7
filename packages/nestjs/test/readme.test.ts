import { fileURLToPath } from 'node:url'
import { runReadmeBlock, runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

describe('README', () => {
  it('runs its example and prints what its comments say', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)))
    expect(output.trim().split('\n')).toEqual([
      '{"database":{"host":"db.prod","password":"[redacted]"}}',
      'db.prod',
    ])
  })

  it('runs its ConfigService swap example and prints what its comments say', () => {
    const { output } = runReadmeBlock(fileURLToPath(new URL('../README.md', import.meta.url)), 1)
    expect(output.trim().split('\n')).toEqual(['db.prod 6432', '[redacted] undefined', 'db2.prod db2.prod'])
  })
})
