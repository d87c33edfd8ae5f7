import { fileURLToPath } from 'node:url'
import { runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

describe('README', () => {
  it('has a runnable example that prints what its comments say', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)))
    expect(output.split('\n').slice(0, 3)).toEqual(['db.prod.internal', 'info', '[redacted]'])
    expect(output).toContain('Secret([redacted])')
    expect(output.trim().split('\n').at(-1)).toBe('info [redacted]')
    expect(output).not.toContain('hunter2')
  })
})
