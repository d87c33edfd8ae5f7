import type { Backend, Entry } from '@paramkit/core/backend'
import { memoryBackend } from '@paramkit/memory-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countingClient } from './support/moto-ssm.js'

type Op =
  | { op: 'put'; name: string; value: string; overwrite: boolean }
  | { op: 'get'; name: string; selector: string }
  | { op: 'getMany'; names: string[] }
  | { op: 'list'; path: string; recursive: boolean }
  | { op: 'label'; name: string; version: number; label: string }
  | { op: 'delete'; name: string }

const NAMES = ['/a', '/b', '/c/d', '/c/e/f', '/s/key']
const name = fc.constantFrom(...NAMES)
const selector = fc.constantFrom('', ':1', ':2', ':3', ':blue', ':green')
const ops: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('put' as const),
      name,
      value: fc.stringMatching(/^[a-z0-9 ]{1,12}$/),
      overwrite: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('get' as const), name, selector }), weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant('getMany' as const),
      names: fc.uniqueArray(
        fc.tuple(name, selector).map(([n, s]) => n + s),
        { minLength: 1, maxLength: 6 },
      ),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('list' as const),
      path: fc.constantFrom('', '/c', '/c/e'),
      recursive: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('label' as const),
      name,
      version: fc.integer({ min: 1, max: 3 }),
      label: fc.constantFrom('blue', 'green'),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), name }), weight: 1 },
)

const view = (e: Entry) => ({
  name: e.name,
  value: e.value,
  type: e.type,
  version: e.version,
  selector: e.selector,
})
const byName = (a: { name: string; selector?: string }, b: { name: string; selector?: string }) =>
  (a.name + (a.selector ?? '')).localeCompare(b.name + (b.selector ?? ''))

/** What a caller can observe of one operation: values, versions, types, or the error class. */
async function observe(backend: Backend, base: string, op: Op): Promise<unknown> {
  const full = (n: string) => base + n
  try {
    switch (op.op) {
      case 'put': {
        const type = op.name.startsWith('/s/') ? 'SecureString' : 'String'
        return await backend.put!(full(op.name), op.value, { type, overwrite: op.overwrite })
      }
      case 'get':
        return view(await backend.get(full(op.name) + op.selector))
      case 'getMany': {
        const r = await backend.getMany(op.names.map(full))
        return {
          entries: r.entries.map(view).sort(byName),
          missing: [...r.missing].sort(),
          invalid: [...r.invalid].sort(),
        }
      }
      case 'list': {
        const entries: Entry[] = []
        for await (const page of backend.list(base + op.path, { recursive: op.recursive }))
          entries.push(...page.entries)
        return entries.map(view).sort(byName)
      }
      case 'label':
        return await backend.label!(full(op.name), op.version, [op.label])
      case 'delete':
        return await backend.delete!(full(op.name))
    }
  } catch (error) {
    return { error: (error as Error).constructor.name }
  }
}

let run = 0

describe('differential: memory backend vs SSM on moto', () => {
  it('random sequences of put, get, getMany, list, label and delete give the same observable results', async () => {
    const ssm = ssmBackend({ client: countingClient().client })
    await fc.assert(
      fc.asyncProperty(fc.array(ops, { minLength: 1, maxLength: 14 }), async (sequence) => {
        const base = `/diff/r${++run}`
        const memory = memoryBackend()
        const existing = new Set<string>()
        for (const op of sequence) {
          // moto 5.2's LabelParameterVersion on a missing parameter leaves a broken record that makes later
          // GetParametersByPath calls fail with HTTP 500, so labels go only to parameters that exist here.
          // Labelling a missing parameter is covered on the memory backend and with the stubbed transport.
          if (op.op === 'label' && !existing.has(op.name)) continue
          const [expected, actual] = [await observe(memory, base, op), await observe(ssm, base, op)]
          expect(actual, `${JSON.stringify(op)}`).toEqual(expected)
          if (op.op === 'put' && !(expected as { error?: string }).error) existing.add(op.name)
          if (op.op === 'delete') existing.delete(op.name)
        }
      }),
      {
        numRuns: 40,
        // Found by this test: moto does not echo Selector, and a missing label beside a present one left the
        // answer's label unknown (the missing one is in InvalidParameters, so the other answered).
        examples: [
          [
            [
              { op: 'put', name: '/s/key', value: ' ', overwrite: false },
              { op: 'label', name: '/s/key', version: 1, label: 'blue' },
              { op: 'getMany', names: ['/s/key:green', '/s/key:blue', '/a'] },
            ] as never,
          ],
        ],
      },
    )
  }, 120_000)
})
