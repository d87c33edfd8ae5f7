// Loaded into an example app with `node --import` by running-apps.test.ts, never by the apps themselves.
// Every 32-byte value `crypto.getRandomValues` fills (core's data keys and master key among them) is
// appended to RECORD_KEYS_FILE byte-reversed, so the record itself is not a key; the search then looks
// for each key's forms in the app's heap snapshot. One key-sized control is kept in the heap as hex, to
// prove the search finds a key that is there.
import { appendFileSync } from 'node:fs'

const file = process.env.RECORD_KEYS_FILE
if (!file) throw new Error('record-random-keys: set RECORD_KEYS_FILE')
const fill = globalThis.crypto.getRandomValues.bind(globalThis.crypto)
Object.defineProperty(globalThis.crypto, 'getRandomValues', {
  configurable: true,
  value(array) {
    const filled = fill(array)
    if (array.byteLength === 32) {
      const bytes = Buffer.from(array.buffer, array.byteOffset, 32)
      appendFileSync(file, `key ${Buffer.from(bytes).reverse().toString('hex')}\n`)
    }
    return filled
  },
})
const control = fill(new Uint8Array(32))
globalThis.paramkitControlKey = Buffer.from(control).toString('hex')
appendFileSync(file, `control ${Buffer.from(control).reverse().toString('hex')}\n`)
control.fill(0)
