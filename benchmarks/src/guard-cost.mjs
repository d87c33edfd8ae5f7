// `node benchmarks/src/guard-cost.mjs`: what marking a data key no-access around every open would cost.
// libsodium's XChaCha20-Poly1305 open of a 64 B value, alone and between sodium_mprotect_readonly and
// sodium_mprotect_noaccess on its sodium_malloc key (two mprotect system calls). The figure behind the
// key ring's choice (packages/core/src/crypto/key-ring.ts): keys go no-access after ~1 s idle, not per open.
import sodium from 'sodium-native'

const ROUNDS = 5
const N = 200_000
const key = sodium.sodium_malloc(32)
sodium.randombytes_buf(key)
const nonce = Buffer.alloc(24)
sodium.randombytes_buf(nonce)
const aad = Buffer.from('paramkit')
const sealed = Buffer.alloc(64 + 16)
sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, Buffer.alloc(64, 7), aad, null, nonce, key)
const out = Buffer.alloc(64)

const open = () => sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, sealed, aad, nonce, key)
const guarded = () => {
  sodium.sodium_mprotect_readonly(key)
  open()
  sodium.sodium_mprotect_noaccess(key)
}

/** Median nanoseconds per call over ROUNDS rounds, the two tasks interleaved. */
function measure(tasks) {
  const times = tasks.map(() => [])
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, fn] of tasks.entries()) {
      const start = process.hrtime.bigint()
      for (let n = 0; n < N; n++) fn()
      times[i].push(Number(process.hrtime.bigint() - start) / N)
      sodium.sodium_mprotect_readonly(key) // readable again for the bare open
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)])
}

const [bare, withGuard] = measure([open, guarded])
console.log(
  JSON.stringify({
    'libsodium open 64 B (ns)': Math.round(bare),
    'open between mprotect readonly/noaccess (ns)': Math.round(withGuard),
    'mprotect pair (ns)': Math.round(withGuard - bare),
    'cost / open': Number(((withGuard - bare) / bare).toFixed(2)),
  }),
)
