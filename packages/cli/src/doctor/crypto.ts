import { cryptoInfo } from '@paramkit/core'
import type { Check } from './checks.js'

const WHY_NOBLE = 'pure JavaScript: sodium-native did not load, or PARAMKIT_NATIVE=0'

/** Which cipher and implementation a paramkit cache seals with on this machine (`stats().crypto`). */
export function cryptoCheck(): Check {
  const { cipher, implementation } = cryptoInfo()
  const why = implementation === 'noble' ? ` (${WHY_NOBLE})` : ''
  return { check: 'cache crypto', status: 'ok', detail: `${cipher} via ${implementation}${why}` }
}
