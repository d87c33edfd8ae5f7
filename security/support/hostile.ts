import { prototypeNames } from '@paramkit/test-support/proto-keys'
import fc from 'fast-check'

/** Characters that break naive quoting, logging and terminals. */
const nasty = [
  '\u0000',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u001b[31m',
  '\u001b]52;c;QQ==\u0007',
  '\u007f',
  '\u0085',
  '\u009b',
  '"',
  "'",
  '`',
  '\\',
  '\\\\',
  '%',
  '+',
  '$',
  '{',
  '}',
  '__proto__',
  'constructor',
  'é',
  '😀',
]

/** Values drawn from control characters, quotes, backslashes, __proto__-family words, and long runs. */
export const hostileValue = fc.oneof(
  fc
    .array(fc.constantFrom(...nasty, 'Q', 'X', 'Z', 'K'), { minLength: 4, maxLength: 40 })
    .map((p) => `QZ${p.join('')}`),
  fc
    .integer({ min: 1000, max: 6000 })
    .map((n) => `QX${'\\'.repeat(n % 97)}${'"\u001b'.repeat(n % 31)}${'K'.repeat(n)}`),
  fc.constantFrom('{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}'),
)

/** Name segments: Object.prototype's property names and ordinary JSON keys (Parameter Store's characters). */
export const hostileSegment = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...prototypeNames) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{1,16}$/) },
)

/** Names no backend may take: control characters, quotes, backslashes, empty levels, long. */
export const hostileName = fc.oneof(
  fc
    .array(fc.constantFrom(...nasty), { minLength: 1, maxLength: 6 })
    .map((p) => `/prod/api/x${p.join('')}`)
    .filter((name) => /[^A-Za-z0-9_./-]/.test(name)), // '__proto__' alone is a legal name
  fc.constant(`/prod/api/${'a'.repeat(2000)}`),
  fc.constant('/prod//api'),
)

/** C0 and C1 control characters, ESC included: none may reach a terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check
export const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/
