import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend.js'
import { readSnapshot, type SnapshotContent, writeSnapshot } from '../src/client/snapshot.js'
import { ContentDigest } from '../src/client/snapshot-digest.js'
import { localKeyProvider } from '../src/index.js'

const entry = (name: string, value: string | Uint8Array, version = '1'): Entry => ({
  name,
  value,
  version,
  type: typeof value === 'string' ? 'SecureString' : 'Binary',
  sensitive: true,
})

const contentArb = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^\/[a-z]{1,6}$/), fc.string(), fc.nat({ max: 9 })), {
    minLength: 1,
    maxLength: 6,
    selector: ([name]) => name,
  })
  .map(
    (rows): SnapshotContent => ({
      listings: { '/': rows.map(([name]) => name) },
      entries: rows.map(([name, value, version]) => entry(name, value, String(version))),
    }),
  )

describe('snapshot content digest', () => {
  it('is the same for the same content in any order', () => {
    fc.assert(
      fc.property(contentArb, fc.nat(), (content, seed) => {
        const digest = new ContentDigest()
        const rotate = <T>(list: T[]) => [
          ...list.slice(seed % list.length),
          ...list.slice(0, seed % list.length),
        ]
        const reordered = {
          listings: { '/': rotate(content.listings['/']!) },
          entries: rotate(content.entries),
        }
        expect(digest.of(reordered)).toBe(digest.of(content))
      }),
    )
  })

  it('changes with any value, version, name or listing', () => {
    fc.assert(
      fc.property(contentArb, fc.nat(), fc.string(), (content, at, extra) => {
        const digest = new ContentDigest()
        const before = digest.of(content)
        const i = at % content.entries.length
        const edit = (change: Partial<Entry>) => ({
          ...content,
          entries: content.entries.map((e, j) => (j === i ? { ...e, ...change } : e)),
        })
        const old = content.entries[i]!
        expect(digest.of(edit({ value: `${old.value as string}${extra}x` }))).not.toBe(before)
        expect(digest.of(edit({ version: `${old.version}0` }))).not.toBe(before)
        expect(digest.of(edit({ name: `${old.name}/moved` }))).not.toBe(before)
        expect(digest.of(edit({ value: new TextEncoder().encode(old.value as string) }))).not.toBe(before)
        const listed = { ...content, listings: { '/': [...content.listings['/']!, '/zzzzzzz'] } }
        expect(digest.of(listed)).not.toBe(before)
      }),
    )
  })

  it('tells apart values that only differ in a lone surrogate or in where fields split', () => {
    const digest = new ContentDigest()
    const one = (value: string) => digest.of({ listings: {}, entries: [entry('/a', value)] })
    expect(one('\uD800')).not.toBe(one('\uFFFD'))
    const split = (a: string, b: string) =>
      digest.of({ listings: {}, entries: [entry('/a', a), entry('/b', b)] })
    expect(split('ab', 'c')).not.toBe(split('a', 'bc'))
  })

  it('is keyed per process: another key gives another digest, and no unkeyed hash matches it', () => {
    const content = { listings: { '/': ['/a'] }, entries: [entry('/a', 'guessable')] }
    const a = new ContentDigest().of(content)
    expect(new ContentDigest().of(content)).not.toBe(a)
    expect(a).not.toContain('guessable')
    for (const plain of ['guessable', JSON.stringify(content)])
      expect(a).not.toBe(createHash('sha256').update(plain).digest('base64'))
  })
})

describe('snapshot entry dates', () => {
  it('restores lastModified, rotatesAt and expiresAt as dates', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'paramkit-snapshot-dates-')), 's.json')
    const provider = localKeyProvider({ masterKey: globalThis.crypto.getRandomValues(new Uint8Array(32)) })
    const binding = { namespace: 'n', backend: 'memory', prefix: '/p' }
    const dates = {
      lastModified: new Date('2026-01-01T00:00:00Z'),
      rotatesAt: new Date('2026-02-01T00:00:00Z'),
      expiresAt: new Date('2026-03-01T00:00:00Z'),
    }
    const written = { listings: { '/p': ['/p/a'] }, entries: [{ ...entry('/p/a', 'v'), ...dates }] }
    await writeSnapshot(path, provider, binding, written, { generation: 1, cipher: 'aes-256-gcm' })
    const read = await readSnapshot(path, provider, binding, {
      maxAge: Number.POSITIVE_INFINITY,
      minGeneration: 0,
    })
    expect(read.entries[0]).toMatchObject(dates)
    expect(read.entries[0]!.expiresAt).toBeInstanceOf(Date)
    const digest = new ContentDigest()
    expect(digest.of(read)).toBe(digest.of(written))
  })
})
