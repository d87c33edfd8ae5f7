import { fileURLToPath } from 'node:url'
import { runReadmeBlock } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

describe('README', () => {
  it.each([
    ['the first example', 0],
    ['the fault modes example', 1],
  ])('%s runs and prints what its comments say', (_, index) => {
    const { code, output } = runReadmeBlock(fileURLToPath(new URL('../README.md', import.meta.url)), index)
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
