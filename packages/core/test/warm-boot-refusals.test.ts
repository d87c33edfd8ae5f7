import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createConfig,
  IntegrityError,
  KeyStateError,
  localKeyProvider,
  SnapshotRefusedError,
  ValidationError,
} from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'
import { callsOf, seed, snapshotPath, warmClient, writeSnapshotFrom } from './support/warm-boot-client.js'

/** What the backend holds now: different from the snapshot, so a refused boot shows in the values. */
const live = { ...seed, '/prod/api/db/host': 'live.internal' }

/** Boots over `live`; returns the client, what it loaded, and the single refusal it must have reported. */
async function refusedBoot(path: string, options: Parameters<typeof warmClient>[2] = {}) {
  const booted = warmClient(path, live, options)
  const tree = await booted.config.load()
  expect(tree).toMatchObject({ db: { host: 'live.internal' } })
  expect(callsOf(booted.backend)).toBeGreaterThan(0)
  expect(booted.snapshots.filter((e) => e.action === 'booted')).toEqual([])
  expect(booted.errors).toHaveLength(1)
  const error = booted.errors[0]!
  expect(JSON.stringify(error)).not.toContain('W4rm-b00t-pw')
  expect(error.message).not.toContain('W4rm-b00t-pw')
  await booted.config.close()
  return { error, stats: booted.config.stats().snapshot!.warmBoot! }
}

const rewrite = (path: string, edit: (file: Record<string, string>) => void) => {
  const file = JSON.parse(readFileSync(path, 'utf8'))
  edit(file)
  writeFileSync(path, JSON.stringify(file))
}

const flip = (base64: string, at: number) => {
  const bytes = Buffer.from(base64, 'base64')
  bytes[at % bytes.length]! ^= 0x01
  return bytes.toString('base64')
}

describe('warm boot refuses a snapshot it cannot trust, says why, and loads from the backend', () => {
  for (const [what, writer] of [
    ['another service', { service: 'billing' }],
    ['another env', { env: 'staging' }],
  ] as const) {
    it(`from ${what}: reason binding`, async () => {
      const path = snapshotPath()
      await writeSnapshotFrom(
        path,
        { ...seed, '/staging/api/db/host': 'x', '/prod/billing/db/host': 'y' },
        writer,
      )
      const { error, stats } = await refusedBoot(path)
      expect(error).toBeInstanceOf(SnapshotRefusedError)
      expect(error).toMatchObject({ code: 'INTEGRITY', reason: 'binding' })
      expect(error.message).toMatch(/made for another backend or prefix, not \/prod\/api on stub/)
      expect(stats).toMatchObject({ outcome: 'refused', reason: 'binding', origins: { snapshot: 0 } })
    })
  }

  it('a path that cannot be read (a directory): reason unreadable, naming the error code', async () => {
    const path = snapshotPath()
    mkdirSync(path)
    // write: false, or writing the load's content to the same path would be a second error.
    const { error, stats } = await refusedBoot(path, { snapshot: { write: false } })
    expect(stats).toMatchObject({ outcome: 'refused', reason: 'unreadable' })
    expect(error.message).toContain('cannot be read (EISDIR)')
  })

  it('truncated: reason format; a relabelled prefix: reason authentication', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const text = readFileSync(path, 'utf8')
    writeFileSync(path, text.slice(0, text.length >> 1))
    expect((await refusedBoot(path)).stats).toMatchObject({ outcome: 'refused', reason: 'format' })
    writeFileSync(path, text)
    rewrite(path, (file) => {
      file.ciphertext = file.ciphertext!.slice(0, 40)
    })
    expect((await refusedBoot(path)).stats.reason).toBe('authentication')
  })

  it('tampered ciphertext, nonce or wrapped key, or sealed under another master key: reason authentication', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const text = readFileSync(path, 'utf8')
    for (const field of ['ciphertext', 'nonce', 'wrappedKey']) {
      writeFileSync(path, text)
      rewrite(path, (file) => {
        file[field] = flip(file[field]!, 7)
      })
      const { error, stats } = await refusedBoot(path)
      expect(IntegrityError.is(error), field).toBe(true)
      expect(stats.reason, field).toBe('authentication')
    }
    writeFileSync(path, text)
    const other = localKeyProvider({ masterKey: globalThis.crypto.getRandomValues(new Uint8Array(32)) })
    expect((await refusedBoot(path, { keyProvider: other })).stats.reason).toBe('authentication')
  })

  it('older than maxAge: reason too-old, judged by the clock at load', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    rewrite(path, (file) => {
      file.createdAt = new Date(Date.now() - 120_000).toISOString()
    })
    // createdAt is sealed in: an edited one fails authentication before its age is looked at.
    expect((await refusedBoot(path, { snapshot: { maxAge: 60_000 } })).stats.reason).toBe('authentication')
    await writeSnapshotFrom(path)
    await new Promise((resolve) => setTimeout(resolve, 30))
    const { error, stats } = await refusedBoot(path, { snapshot: { maxAge: 10 } })
    expect(stats.reason).toBe('too-old')
    expect(error.message).toMatch(/older than maxAge \(10 ms\)/)
  })

  it('a data key the key provider cannot unwrap (KMS key disabled or not allowed): reason key-unavailable', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const base = localKeyProvider()
    const denied = {
      ...base,
      snapshotKey: async () => ({ key: new Uint8Array(32), wrapped: new Uint8Array(48) }),
      unwrapSnapshotKey: async () => {
        throw new KeyStateError('KMS key k-1 is disabled (DisabledException)', { backend: 'kms' })
      },
    }
    const { error, stats } = await refusedBoot(path, { keyProvider: denied })
    expect(KeyStateError.is(error)).toBe(true)
    expect(stats).toMatchObject({ outcome: 'refused', reason: 'key-unavailable' })
  })

  it('a missing file is no error: the backend answers, and stats say missing', async () => {
    const booted = warmClient(snapshotPath(), live)
    await expect(booted.config.load()).resolves.toMatchObject({ db: { host: 'live.internal' } })
    expect(booted.errors).toEqual([])
    expect(booted.config.stats().snapshot).toMatchObject({
      source: 'backend',
      warmBoot: { outcome: 'missing', origins: { snapshot: 0, backend: 0 } },
    })
    await booted.config.close()
  })

  it('any truncation or flipped byte of the file never boots: refused with a reason, values from the backend', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const original = readFileSync(path)
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ cut: fc.integer({ min: 0, max: original.length - 1 }) }),
          fc.record({
            at: fc.integer({ min: 0, max: original.length - 1 }),
            bit: fc.integer({ min: 0, max: 7 }),
          }),
        ),
        async (damage) => {
          const bytes = Buffer.from(original)
          const damaged = 'cut' in damage ? bytes.subarray(0, damage.cut) : bytes
          if ('at' in damage) damaged[damage.at]! ^= 1 << damage.bit
          writeFileSync(path, damaged)
          const booted = warmClient(path, live)
          const tree = await booted.config.load()
          const outcome = booted.config.stats().snapshot!.warmBoot!
          await booted.config.close()
          if (outcome.outcome === 'booted') {
            // Only a flip Node's base64 decoder ignores (in `=` padding) leaves the same bytes: then the
            // file still authenticates, and must boot the snapshot's values exactly.
            expect(tree).toMatchObject({ db: { host: 'db.internal' } })
            return
          }
          expect(outcome.outcome).toBe('refused')
          expect(outcome.reason).toMatch(/^(format|cipher|binding|authentication|too-old)$/)
          expect(tree).toMatchObject({ db: { host: 'live.internal' } })
          expect(booted.errors).toHaveLength(1)
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('snapshot options are checked before any call', () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ revalidateMs: -1 }, 'snapshot-revalidate'],
    [{ revalidateMs: Number.NaN }, 'snapshot-revalidate'],
    [{ revalidateMs: Number.POSITIVE_INFINITY }, 'snapshot-revalidate'],
    [{ revalidateMs: '5000' }, 'snapshot-revalidate'],
    [{ warmBoot: 'yes' }, 'snapshot-warm-boot'],
    [{ write: 'no' }, 'snapshot-write'],
    [{ maxAge: 0 }, 'snapshot-max-age'],
    [{ path: '' }, 'snapshot-path'],
  ]
  for (const [options, rule] of bad) {
    it(`${JSON.stringify(options)}: ValidationError (rule ${rule}), naming the option`, () => {
      const backend = stubBackend(seed)
      const make = () =>
        createConfig({
          backend,
          snapshot: { path: 'x.json', warmBoot: true, ...options } as never,
          cache: {
            keyProvider: localKeyProvider({ masterKey: new Uint8Array(32).map((_, i) => i * 7 + 1) }),
          },
        })
      expect(make).toThrow(ValidationError)
      const error = (() => {
        try {
          make()
        } catch (e) {
          return e as ValidationError
        }
      })()!
      expect(error.rule).toBe(rule)
      expect(error.message).toContain(`snapshot.${Object.keys(options)[0]}`)
      expect(callsOf(backend)).toBe(0)
    })
  }

  it('an unknown snapshot option is refused, naming it', () => {
    expect(() =>
      createConfig({
        backend: stubBackend(seed),
        snapshot: { path: 'x.json', warmboot: true } as never,
      }),
    ).toThrow(/warmboot/)
  })
})
