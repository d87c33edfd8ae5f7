import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runReadmeExample } from '../../../scripts/readme-example.js'

describe('README', () => {
  it('runs its example and prints what its comments say', () => {
    const { output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)))
    expect(output.trim().split('\n')).toEqual([
      'AccessDeniedError',
      'Access denied to "/prod/order-api": the caller lacks ssm:GetParametersByPath',
      'true',
    ])
  })
})
