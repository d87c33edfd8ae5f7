import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { stubBackend } from './support/stub-backend.js'
import { client, manyKeys, snapshotPath, until, writeSnapshotFrom } from './support/warm-boot-client.js'

const COUNT = 12
const booted = manyKeys(COUNT)
/** The backend changed every value after the snapshot was taken. */
const changed = Object.fromEntries(Object.entries(booted).map(([name, value]) => [name, `${value}-new`]))
const path = snapshotPath()

describe('reads racing the warm boot revalidation', () => {
  beforeAll(() => writeSnapshotFrom(path, booted))

  it('answer the snapshot value or the backend value, never fail, and end on the backend value', async () => {
    const kinds = new Set<string>()
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 0, max: COUNT - 1 }), { minLength: 1, maxLength: 10 }),
        async (s, keys) => {
          const backend = stubBackend(changed)
          // Every backend answer waits for the scheduler: it comes back later, in any order.
          const getMany = backend.getMany.bind(backend)
          let asked = 0
          backend.getMany = (names, options) => {
            asked++
            return s
              .schedule(Promise.resolve(), `getMany ${names.length}`)
              .then(() => getMany(names, options))
          }
          const get = backend.get.bind(backend)
          backend.get = (name, options) =>
            s.schedule(Promise.resolve(), `get ${name}`).then(() => get(name, options))
          const { config, errors } = client(path, backend, { snapshot: { warmBoot: true, revalidateMs: 0 } })
          await config.load()
          expect(backend.calls.getMany + backend.calls.get).toBe(0)
          const finished = new Promise((resolve) => config.on('refresh', resolve))
          // The revalidation's calls (12 names: a batch of 10 and one of 2) are out before the reads start.
          await until(() => asked === 2)
          expect(asked).toBe(2)
          const seen: [number, string][] = []
          const reads = keys.map((i) =>
            s
              .scheduleFunction(async () => {
                // A turn of the event loop, as a request handler would take: stores of answers released
                // before this read have landed by then.
                await new Promise((resolve) => setImmediate(resolve))
                return config.get(`k/key${i}`)
              })()
              .then((value) => seen.push([i, value])),
          )
          await s.waitFor(Promise.all([finished, ...reads]))
          for (const [i, value] of seen) {
            expect([`v${i}`, `v${i}-new`]).toContain(value)
            kinds.add(value.endsWith('-new') ? 'backend' : 'snapshot')
          }
          expect(seen).toHaveLength(keys.length)
          for (let i = 0; i < COUNT; i++) expect(await config.get(`k/key${i}`)).toBe(`v${i}-new`)
          expect(config.stats().snapshot!.warmBoot).toMatchObject({
            origins: { snapshot: 0, backend: COUNT },
            failed: 0,
            pending: 0,
          })
          // Revalidation asked for each name once, in batches of the backend's size: never more calls.
          expect(backend.calls.getMany).toBeLessThanOrEqual(2)
          expect(errors).toEqual([])
          await config.close()
        },
      ),
      { numRuns: 40 },
    )
    // The schedules did interleave: some reads came before their key's revalidation, some after.
    expect(kinds).toEqual(new Set(['snapshot', 'backend']))
  })
})
