import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runReadmeExample } from '../../../scripts/readme-example.js'

describe('README', () => {
  it('has a runnable example that prints what its comments say', () => {
    const { code, output } = runReadmeExample(fileURLToPath(new URL('../README.md', import.meta.url)))
    // Comments starting lower-case or with a bracket or digit are the expected output, in order.
    const expected = [...code.matchAll(/\/\/ (.+)$/gm)].map((m) => m[1]!).filter((c) => !/^[A-Z]/.test(c))
    expect(
      output
        .trim()
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ')),
    ).toEqual(expected)
  })
})
