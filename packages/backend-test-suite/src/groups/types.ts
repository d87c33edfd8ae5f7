import type { EntryType } from '@paramkit/core/backend'
import type { ConformanceGroup, SuiteContext } from '../context.js'

const samples: Record<EntryType, { value: string | Uint8Array; sensitive: boolean; expected?: unknown }> = {
  String: { value: 'plain text', sensitive: false },
  StringList: { value: 'a.example,b.example,c.example', sensitive: false },
  SecureString: { value: 'pr0d-p@ss!', sensitive: true },
  Secret: { value: '{"username":"app","password":"s3cr3t"}', sensitive: true },
  Binary: { value: new Uint8Array([0, 1, 2, 254, 255]), sensitive: true },
}

function typeTests(ctx: SuiteContext): void {
  const t = ctx.test
  const timeout = ctx.options.timeout ?? 30_000
  t.describe('types', () => {
    for (const type of ctx.capabilities.types) {
      t.it(
        `${type} round-trips with its type and sensitivity`,
        async () => {
          const { backend, base, seed } = await ctx.setup()
          const sample = samples[type]
          await seed([{ name: `${base}/value`, value: sample.value, type }])
          const entry = await backend.get(`${base}/value`)
          t.expect(entry.type).toBe(type)
          t.expect(entry.sensitive).toBe(sample.sensitive)
          t.expect(typeof entry.value === 'string' ? entry.value : new Uint8Array(entry.value)).toEqual(
            sample.value,
          )
          const [listed] = (await backend.getMany([`${base}/value`])).entries
          t.expect(listed?.type).toBe(type)
        },
        timeout,
      )
    }
  })
}

/** Every entry type the backend declares round-trips with its type and sensitivity. */
export const typeGroup: ConformanceGroup = {
  name: 'types',
  register: typeTests,
}
