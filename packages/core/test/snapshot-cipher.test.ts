import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BackendUnavailableError, createConfig, IntegrityError, localKeyProvider } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

type Cipher = 'aes-256-gcm' | 'xchacha20-poly1305'
const CIPHERS: Cipher[] = ['aes-256-gcm', 'xchacha20-poly1305']
const NONCE_BYTES: Record<Cipher, number> = { 'aes-256-gcm': 12, 'xchacha20-poly1305': 24 }

const dir = mkdtempSync(join(tmpdir(), 'paramkit-snapshot-cipher-'))
let n = 0
const masterKey = globalThis.crypto.getRandomValues(new Uint8Array(32))
const seed = { host: 'db.internal', password: 'Sn4p-s3cret' }

function setup(
  path: string,
  cipher: Cipher | undefined,
  values = seed,
  { key = masterKey, clock }: { key?: Uint8Array; clock?: { now(): number } } = {},
) {
  const backend = stubBackend({ '/prod/api/db/host': values.host })
  backend.set('/prod/api/db/password', values.password, 'SecureString')
  const config = createConfig({
    backend,
    env: 'prod',
    service: 'api',
    snapshot: { path },
    cache: {
      keyProvider: localKeyProvider({ masterKey: key }),
      ...(cipher ? { cipher } : {}),
      ...(clock ? { clock } : {}),
    },
  })
  return { backend, config }
}

/** Starts a process configured with `cipher` from the snapshot at `path` (its backend is down). */
async function restore(path: string, cipher: Cipher | undefined, options?: Parameters<typeof setup>[3]) {
  const { backend, config } = setup(path, cipher, { host: 'live.internal', password: 'live' }, options)
  backend.failWith = new BackendUnavailableError('down')
  const tree = (await config.load()) as { db: { host: string; password: { reveal(): string } } }
  expect(config.stats().snapshot).toMatchObject({ source: 'snapshot', restores: 1 })
  return { host: tree.db.host, password: tree.db.password.reveal(), config }
}

async function written(cipher: Cipher | undefined, values = seed) {
  const path = join(dir, `s${++n}.json`)
  await setup(path, cipher, values).config.load()
  return { path, file: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> }
}

async function refusal(path: string, file: Record<string, unknown>, cipher: Cipher) {
  writeFileSync(path, JSON.stringify(file))
  return restore(path, cipher).catch((error: unknown) => error)
}

describe('snapshot cipher', () => {
  it('seals with the cache cipher, records it, and restores under either cipher (recorded one wins)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CIPHERS),
        fc.constantFrom(...CIPHERS),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        async (writer, reader, host, value) => {
          // A marker no base64 field or label can hold, so finding it would mean plaintext in the file.
          const password = `pw~${value}`
          const { path, file } = await written(writer, { host, password })
          expect(file.cipher).toBe(writer)
          expect(Buffer.from(file.nonce as string, 'base64')).toHaveLength(NONCE_BYTES[writer])
          expect(readFileSync(path, 'utf8')).not.toContain('pw~')
          const restored = await restore(path, reader)
          expect({ host: restored.host, password: restored.password }).toEqual({ host, password })
        },
      ),
      { numRuns: 40 },
    )
  })

  it('defaults to the cache default (XChaCha20-Poly1305), and a file restores in a process using the other cipher', async () => {
    const { path, file } = await written(undefined)
    expect(file).toMatchObject({ format: 'paramkit-snapshot/2', cipher: 'xchacha20-poly1305' })
    expect(await restore(path, 'aes-256-gcm')).toMatchObject(seed)
    const other = await written('aes-256-gcm')
    expect(await restore(other.path, 'xchacha20-poly1305')).toMatchObject(seed)
  })

  for (const cipher of CIPHERS) {
    it(`refuses a ${cipher} snapshot whose cipher field was changed or deleted`, async () => {
      const { path, file } = await written(cipher)
      const other = CIPHERS.find((c) => c !== cipher)!
      for (const edited of [
        { ...file, cipher: other },
        { ...file, cipher: undefined },
      ]) {
        const error = await refusal(path, edited, cipher)
        expect(error, String(edited.cipher)).toBeInstanceOf(IntegrityError)
        expect((error as Error).message).toMatch(/content failed authentication/)
      }
    })
  }

  it('refuses a cipher name it does not know, without echoing the file or any value', async () => {
    const { path, file } = await written('aes-256-gcm')
    for (const cipher of ['rot13', 'AES-256-GCM', 42, null]) {
      const error = await refusal(path, { ...file, cipher }, 'aes-256-gcm')
      expect(error).toBeInstanceOf(IntegrityError)
      const message = (error as Error).message
      expect(message).toMatch(/names no known cipher \(one of aes-256-gcm, xchacha20-poly1305\)/)
      expect(message).not.toContain(String(cipher))
      expect(message).not.toContain(seed.password)
    }
  })

  it('restores a format-2 file written before the cipher was recorded, as XChaCha20-Poly1305', async () => {
    // Written by the previous format-2 code (commit 95f91b1) under this master key at this time.
    const fixtureKey = new Uint8Array(32).map((_, i) => i * 7 + 1)
    const clock = { now: () => Date.parse('2026-01-01T00:10:00Z') }
    const fixture = join(import.meta.dirname, 'fixtures', 'snapshot-format2-xchacha.json')
    expect(JSON.parse(readFileSync(fixture, 'utf8'))).not.toHaveProperty('cipher')
    for (const cipher of [...CIPHERS, undefined]) {
      const path = join(dir, `s${++n}.json`)
      copyFileSync(fixture, path)
      const restored = await restore(path, cipher, { key: fixtureKey, clock })
      expect({ host: restored.host, password: restored.password }).toEqual(seed)
      // Labelling the old file with a cipher does not open it: the label is bound into the seal.
      const file = JSON.parse(readFileSync(path, 'utf8'))
      writeFileSync(path, JSON.stringify({ ...file, cipher: 'xchacha20-poly1305' }))
      const error = await restore(path, cipher, { key: fixtureKey, clock }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(IntegrityError)
    }
  })
})
