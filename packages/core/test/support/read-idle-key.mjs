// Run by key-guard.test.ts: reads a data key after the ring marked it no-access. With libsodium this
// must end the process (SIGSEGV), so it prints only what it read while the key was readable.
import { KeyRing } from '@paramkit/core/backend'

const ring = new KeyRing({ maxKeyAge: 60_000, maxSealsPerKey: 10 }, Date.now)
const entry = ring.install('k1', globalThis.crypto.getRandomValues(new Uint8Array(32)))
if (ring.access(entry).length === 32) process.stdout.write('readable\n')
ring.sweep()
ring.sweep()
process.stdout.write(`read ${entry.key[0]}\n`)
