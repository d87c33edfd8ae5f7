import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const child = fileURLToPath(new URL('./heap/heap-child.mjs', import.meta.url))

describe('heap snapshot', () => {
  it('holds no plaintext of cached secrets once references are dropped, while the cache still serves them', () => {
    const output = execFileSync(process.execPath, ['--expose-gc', child], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    const result = JSON.parse(output.trim().split('\n').pop()!) as {
      found: number[]
      controlFound: number
      readBack: number
      sealed: number
      backendCalls: number
    }
    console.log(
      `heap check: ${result.found.length} secrets, ${result.sealed} sealed entries checked, plaintext hits ${result.found.reduce((a, b) => a + b, 0)}`,
    )
    expect(result.controlFound).toBeGreaterThan(0)
    expect(result.found).toEqual(new Array(20).fill(0))
    expect(result.sealed).toBe(20)
    expect(result.readBack).toBe(20)
    expect(result.backendCalls).toBe(1)
  }, 90_000)
})
