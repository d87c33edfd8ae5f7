import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../src/backend-entry.js'
import { createConfig, localKeyProvider } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

const mode = (path: string) => statSync(path).mode & 0o777

describe('writeFileAtomic: one helper for the CLI files and core snapshots', () => {
  it('replaces a symlink at the target instead of writing through it, and leaves no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-atomic-'))
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'untouched')
    const target = join(dir, 'target')
    symlinkSync(victim, target)
    await writeFileAtomic(target, 'secret content')
    expect(readFileSync(victim, 'utf8')).toBe('untouched')
    expect(lstatSync(target).isFile()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('secret content')
    expect(readdirSync(dir).sort()).toEqual(['target', 'victim'])
  })

  it('gives the file its mode whatever was there before (0600 by default)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-atomic-'))
    const target = join(dir, 'target')
    writeFileSync(target, 'old')
    chmodSync(target, 0o666)
    await writeFileAtomic(target, 'new')
    expect(mode(target)).toBe(0o600)
    await writeFileAtomic(target, 'public', { mode: 0o644 })
    expect(mode(target)).toBe(0o644)
  })

  it('core snapshots are written through it: 0600 over a world-readable file, a symlink replaced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-atomic-'))
    const path = join(dir, 'config.snapshot')
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'untouched')
    symlinkSync(victim, path)
    const backend = stubBackend({ '/prod/api/db/host': 'db.internal' })
    backend.set('/prod/api/db/password', 'Atomic-pw', 'SecureString')
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'api',
      snapshot: { path, writeDebounceMs: 0 },
      cache: {
        keyProvider: localKeyProvider({ masterKey: globalThis.crypto.getRandomValues(new Uint8Array(32)) }),
      },
    })
    await config.load()
    await config.close()
    expect(readFileSync(victim, 'utf8')).toBe('untouched')
    expect(lstatSync(path).isFile()).toBe(true)
    expect(mode(path)).toBe(0o600)
  })
})
