import fc from 'fast-check'

const segmentChars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-'.split('')

/** One level of a hierarchical name, using only the allowed characters. */
export const segment = fc.string({ unit: fc.constantFrom(...segmentChars), minLength: 1, maxLength: 20 })

/** A level that may start a name: not `aws…`/`ssm…` in any case. */
export const firstSegment = segment.filter((s) => !/^(aws|ssm)/i.test(s))

/** Any valid hierarchical name: 1 to 15 levels, at most 1011 characters. */
export const validHierarchicalName = fc
  .tuple(firstSegment, fc.array(segment, { maxLength: 14 }))
  .map(([first, rest]) => `/${[first, ...rest].join('/')}`)
  .filter((n) => n.length <= 1011)

export const validFlatName = firstSegment

export const validLabel = fc
  .string({ unit: fc.constantFrom(...segmentChars), minLength: 1, maxLength: 100 })
  .filter((l) => !/^[0-9]/.test(l) && !/^(aws|ssm)/i.test(l))

export const validSelector = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((v) => `:${v}`),
  validLabel.map((l) => `:${l}`),
)
