// Suite 5: heap bytes (V8 heap plus ArrayBuffers) per cached entry at 10,000 entries, against value size.
// Run with --expose-gc.
import { randomBytes } from 'node:crypto'
import { EncryptedCache } from '@paramkit/core/testing'

const ENTRIES = 10_000

async function settle() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc?.()
    await new Promise((r) => setImmediate(r))
  }
  // Ciphertexts live in ArrayBuffers outside the V8 heap proper: count both.
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

const value = (size, i) =>
  `${i}:${randomBytes(size)
    .toString('base64')
    .slice(0, size - String(i).length - 1)}`

async function perEntry(fill) {
  const before = await settle()
  const holder = await fill()
  const after = await settle()
  void holder // keeps what was filled alive until after the second measurement
  return Math.round((after - before) / ENTRIES)
}

export async function memorySuite({ quick }) {
  if (!globalThis.gc) throw new Error('run the memory suite with node --expose-gc')
  const rows = []
  for (const size of quick ? [64, 1024] : [64, 1024, 4096]) {
    const entry = (i, type) => ({
      name: `/mem/k${i}`,
      value: value(size, i),
      type,
      version: '1',
      sensitive: type === 'SecureString',
    })
    // Default options: a SecureString is sealed, a plain String is kept in clear.
    const filled = (type) =>
      perEntry(async () => {
        const cache = new EncryptedCache({ maxEntries: ENTRIES, maxBytes: 1 << 30 })
        for (let i = 0; i < ENTRIES; i++) await cache.prime(`/mem/k${i}`, entry(i, type))
        return cache
      })
    const sealed = await filled('SecureString')
    const unsealed = await filled('String')
    const map = await perEntry(async () => {
      const m = new Map()
      for (let i = 0; i < ENTRIES; i++) m.set(`/mem/k${i}`, value(size, i))
      return m
    })
    rows.push({
      'value bytes': size,
      'paramkit sealed (SecureString)': sealed,
      'paramkit plain (String)': unsealed,
      'Map<string, string>': map,
      'sealed / Map': sealed / map,
      'plain / Map': unsealed / map,
    })
  }
  return {
    title: `Heap bytes per cached entry at ${ENTRIES} entries`,
    rows,
    note: MEMORY_NOTE,
  }
}

export const MEMORY_NOTE =
  'Targets: heap per entry ≤ 1.5× a Map<string, string> entry at 64 B, ≤ 1.1× from 1 KiB. Default options: a SecureString is ' +
  'sealed (XChaCha20-Poly1305: nonce, ciphertext and tag in one latin1 string, one character per byte), a plain String is kept in clear. Counted: V8 heap plus ArrayBuffers.'
