import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))

describe('README', () => {
  it('has a runnable example that prints what its comments say', () => {
    const code = /```js\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'))![1]!
    const file = fileURLToPath(new URL('./readme-example.generated.mjs', import.meta.url))
    writeFileSync(file, code)
    const out = execFileSync(process.execPath, [file], { encoding: 'utf8' })
    const expected = [...code.matchAll(/\/\/ (.+)$/gm)].map((m) => m[1]!).filter((c) => !/^[A-Z]/.test(c))
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ')),
    ).toEqual(expected)
  })
})
