import { fileURLToPath } from 'node:url'
import { runReadmeBlock, runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))

describe('README', () => {
  it('has a runnable example that prints what its comments say', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)))
    expect(output.split('\n').slice(0, 3)).toEqual(['db.prod.internal', 'info', '[redacted]'])
    expect(output).toContain('Secret([redacted])')
    expect(output).toContain("secret-read getSecret('database/password')")
    expect(output.trim().split('\n').at(-1)).toBe('info [redacted]')
    expect(output).not.toContain('hunter2')
  })

  it('shows how to check the implementation: libsodium, or noble with PARAMKIT_NATIVE=0', () => {
    const expected = (implementation: string) =>
      `{ cipher: 'xchacha20-poly1305', implementation: '${implementation}' }\n`
    expect(runReadmeBlock(readme, 1, { PARAMKIT_NATIVE: '' }).output).toBe(expected('libsodium'))
    expect(runReadmeBlock(readme, 1, { PARAMKIT_NATIVE: '0' }).output).toBe(expected('noble'))
  })

  it('runs its warm boot example: 0 backend calls at boot, then the changed value once revalidated', () => {
    const { output } = runReadmeBlock(readme, 2)
    expect(output.trim().split('\n')).toEqual([
      'info 0',
      'snapshot { snapshot: 2, backend: 0 }',
      'debug backend',
    ])
  })

  it('runs its failover example: the replica serves while the primary refuses, and says so', () => {
    const { output } = runReadmeBlock(readme, 3)
    expect(output.trim().split('\n')).toEqual([
      'switch primary -> replica unavailable',
      'db.prod.internal',
      'replica',
      'replica',
    ])
  })
})
