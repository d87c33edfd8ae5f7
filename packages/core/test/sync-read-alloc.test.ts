import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const fixture = fileURLToPath(new URL('./fixtures/sync-alloc.mjs', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))

interface Measure {
  bytes: number
  collections: number
}

/** No collection, and less than 64 KiB (the profiler's own records, a clock reading per 1,024 reads). */
const isZero = (m: Measure) => m.collections === 0 && m.bytes < 64 * 1024

describe('a fresh sync hit allocates nothing', () => {
  it('getSync of a fresh plain value: no young-generation bytes and no collection over 500,000 reads (built package)', () => {
    if (!existsSync(dist)) throw new Error('packages/core/dist is missing: run `npm run build` first')
    const out = execFileSync(process.execPath, [fixture], { encoding: 'utf8', timeout: 120_000 })
    const { control, rounds, wrong } = JSON.parse(out) as {
      control: Measure
      rounds: Measure[]
      wrong: number
    }
    expect(wrong).toBe(0)
    // The control keeps an object per read (500,000 × 16+ bytes): the measure sees an allocation when there is one.
    expect(isZero(control)).toBe(false)
    expect(rounds.filter(isZero), JSON.stringify(rounds)).toHaveLength(1)
  })
})
