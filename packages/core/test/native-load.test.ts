import { format } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadSodium } from '../src/crypto/sodium/native.js'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
  vi.restoreAllMocks()
})

/** Records what a load reports: debug lines, and anything written as a warning or to stderr. */
function watch() {
  const debug: string[] = []
  const warnings = vi.spyOn(process, 'emitWarning')
  const consoleWarn = vi.spyOn(console, 'warn')
  const consoleError = vi.spyOn(console, 'error')
  const stderr = vi.spyOn(process.stderr, 'write')
  return {
    debug: (message: string, ...args: unknown[]) => debug.push(format(message, ...args)),
    lines: debug,
    noise: () =>
      [warnings, consoleWarn, consoleError, stderr].reduce((n, spy) => n + spy.mock.calls.length, 0),
  }
}

describe('loading sodium-native', () => {
  it('loads the installed module when PARAMKIT_NATIVE is not 0', () => {
    const seen = watch()
    const sodium = loadSodium({ env: {}, debug: seen.debug })
    expect(typeof sodium?.crypto_aead_xchacha20poly1305_ietf_decrypt).toBe('function')
    expect(seen.lines).toEqual([])
  })

  it('falls back with one debug line, no warning and no throw, when the module does not load', () => {
    for (const load of [
      () => {
        const message = "Cannot find module 'sodium-native'\nRequire stack:\n- /app/index.js"
        throw Object.assign(new Error(message), { code: 'MODULE_NOT_FOUND' })
      },
      () => {
        throw new Error('No native build was found for platform=plan9 arch=mips')
      },
      () => ({ sodium_malloc: () => undefined }),
      () => undefined,
    ]) {
      const seen = watch()
      expect(loadSodium({ env: {}, load, debug: seen.debug })).toBeUndefined()
      expect(seen.lines).toHaveLength(1)
      expect(seen.lines[0]).toMatch(/^sodium-native did not load [^\n]*sealing with @noble\/ciphers$/)
      expect(seen.noise()).toBe(0)
      vi.restoreAllMocks()
    }
  })

  it('does not even try, and says nothing, when PARAMKIT_NATIVE=0', () => {
    const seen = watch()
    const load = vi.fn()
    expect(loadSodium({ env: { PARAMKIT_NATIVE: '0' }, load, debug: seen.debug })).toBeUndefined()
    expect(load).not.toHaveBeenCalled()
    expect(seen.lines).toEqual([])
  })

  it('an explicit xchacha20-poly1305 with PARAMKIT_NATIVE=0 seals through noble, silently', async () => {
    vi.stubEnv('PARAMKIT_NATIVE', '0')
    const seen = watch()
    const core = await import('../src/index.js')
    const backend = (await import('./support/stub-backend.js')).stubBackend()
    backend.set('/prod/api/db/password', 'pw', 'SecureString')
    const config = core.createConfig({
      backend,
      env: 'prod',
      service: 'api',
      cache: { cipher: 'xchacha20-poly1305' },
    })
    expect((await config.getSecret('db/password')).reveal()).toBe('pw')
    expect(config.stats().crypto).toEqual({ cipher: 'xchacha20-poly1305', implementation: 'noble' })
    await config.close()
    expect(seen.noise()).toBe(0)
  })

  it('config.stats().crypto says what this process seals with, and aes-256-gcm is node:crypto', async () => {
    const core = await import('../src/index.js')
    const { stubBackend } = await import('./support/stub-backend.js')
    const expected = process.env.PARAMKIT_NATIVE === '0' ? 'noble' : 'libsodium'
    for (const [cipher, implementation] of [
      [undefined, expected],
      ['xchacha20-poly1305', expected],
      ['aes-256-gcm', 'node'],
    ] as const) {
      const config = core.createConfig({
        backend: stubBackend(),
        env: 'prod',
        service: 'api',
        cache: { cipher },
      })
      expect(config.stats().crypto).toEqual({ cipher: cipher ?? 'xchacha20-poly1305', implementation })
      await config.close()
    }
  })

  it('the process default follows PARAMKIT_NATIVE: libsodium unless it is 0', async () => {
    vi.stubEnv('PARAMKIT_NATIVE', '1')
    expect((await import('../src/index.js')).cryptoInfo()).toEqual({
      cipher: 'xchacha20-poly1305',
      implementation: 'libsodium',
    })
    vi.resetModules()
    vi.stubEnv('PARAMKIT_NATIVE', '0')
    const core = await import('../src/index.js')
    expect(core.cryptoInfo()).toEqual({ cipher: 'xchacha20-poly1305', implementation: 'noble' })
    expect(core.cryptoInfo('aes-256-gcm')).toEqual({ cipher: 'aes-256-gcm', implementation: 'node' })
  })
})
