import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

/**
 * Collects garbage until `done()` holds (FinalizationRegistry callbacks run in a later task), at most
 * `rounds` times: bounded by rounds, never by time.
 */
export async function collectUntil(done: () => boolean, rounds = 50): Promise<boolean> {
  for (let i = 0; i < rounds && !done(); i++) {
    collect()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return done()
}
