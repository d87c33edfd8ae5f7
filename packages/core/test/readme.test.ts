import { fileURLToPath } from 'node:url'
import { runReadmeBlock, runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

describe('README', () => {
  it('has a runnable example that prints what its comments say', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)))
    expect(output.split('\n').slice(0, 3)).toEqual(['db.prod.internal', 'info', '[redacted]'])
    expect(output).toContain('Secret([redacted])')
    expect(output).toContain("secret-read getSecret('database/password')")
    expect(output).not.toContain('hunter2')
  })

  it('runs its failover example: the replica serves while the primary refuses, and says so', () => {
    const { output } = runReadmeBlock(fileURLToPath(new URL('../README.md', import.meta.url)), 1)
    expect(output.trim().split('\n')).toEqual([
      'switch primary -> replica unavailable',
      'db.prod.internal',
      'replica',
      'replica',
    ])
  })
})
