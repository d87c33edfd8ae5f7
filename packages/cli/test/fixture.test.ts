import type { Entry } from '@paramkit/core/backend'
import { flattenSeed, memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildFixture, placeholder } from '../src/fixture.js'

const chars = 'abcdefghijklmnopqrstuvwxyz0123456789_.-'.split('')
// Level names include `value`, `base64` and `versions`, which the format reads as an entry.
const segment = fc.oneof(
  fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 6 }),
  fc.constantFrom('value', 'base64', 'versions', 'type'),
)
const relative = fc.array(segment, { minLength: 1, maxLength: 4 }).map((p) => p.join('/'))
const type = fc.constantFrom('String', 'StringList', 'SecureString', 'Secret', 'Binary') as fc.Arbitrary<
  Entry['type']
>
const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '{', '"', 'é'), minLength: 1, maxLength: 8 })
const root = fc.constantFrom('/prod/app', '/shared', '/prod/shared')

/** Entries under a few roots; names may be both a value and a level (`/a/b` and `/a/b/c`). */
const entries = fc
  .uniqueArray(fc.tuple(root, relative, type, text), { selector: ([r, k]) => `${r}/${k}`, maxLength: 25 })
  .map((list) =>
    list.map(([r, k, t, v]): Entry & { root: string } => ({
      root: r,
      name: `${r}/${k}`,
      type: t,
      value: t === 'Binary' ? new TextEncoder().encode(v) : t === 'StringList' ? v.replaceAll(',', '') : v,
      version: '1',
      sensitive: t === 'SecureString' || t === 'Secret' || t === 'Binary',
    })),
  )

function groups(list: (Entry & { root: string })[]) {
  return ['/prod/app', '/shared', '/prod/shared'].map((r) => ({
    root: r,
    entries: list.filter((e) => e.root === r),
  }))
}

describe('buildFixture writes what memoryBackend.fromFile reads back unchanged', () => {
  it('every entry, with its type and value (or its placeholder), and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(
        entries,
        fc.constantFrom('placeholder', 'include') as fc.Arbitrary<'placeholder' | 'include'>,
        async (list, mode) => {
          const data = JSON.parse(JSON.stringify(buildFixture(groups(list), mode)))
          const flat = flattenSeed(data)
          expect(flat.map((f) => f.name).sort()).toEqual(list.map((e) => e.name).sort())
          const backend = memoryBackend({ seed: data })
          const { entries: read, missing } = await backend.getMany(list.map((e) => e.name))
          expect(missing).toEqual([])
          const byName = new Map(read.map((e) => [e.name, e]))
          for (const e of list) {
            const got = byName.get(e.name)!
            expect(got.type).toBe(e.type)
            const expected = e.sensitive && mode === 'placeholder' ? placeholder(e.name) : e.value
            // Binary values come back as bytes: a placeholder as its UTF-8 text.
            const text = (v: string | Uint8Array) =>
              typeof v === 'string' ? v : Buffer.from(v).toString('utf8')
            expect(typeof got.value).toBe(e.type === 'Binary' ? 'object' : 'string')
            expect(text(got.value)).toBe(text(expected))
          }
        },
      ),
    )
  })

  it('nests under each root as the order-api fixture does', () => {
    const entry = (name: string, t: Entry['type'], value: string): Entry => ({
      name,
      type: t,
      value,
      version: '1',
      sensitive: t === 'SecureString',
    })
    const data = buildFixture(
      [
        {
          root: '/prod/app',
          entries: [
            entry('/prod/app/db/host', 'String', 'h'),
            entry('/prod/app/db/password', 'SecureString', 'pw'),
            entry('/prod/app/hosts', 'StringList', 'a,b'),
          ],
        },
      ],
      'placeholder',
    )
    expect(data).toEqual({
      '/prod/app': {
        db: { host: 'h', password: { type: 'SecureString', value: '<placeholder:/prod/app/db/password>' } },
        hosts: ['a', 'b'],
      },
    })
  })
})
