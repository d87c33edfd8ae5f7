import { backendConformanceSuite, errorKind } from '@paramkit/backend-test-suite'
import { NotFoundError, ValidationError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'
import {
  codelessErrorBackend,
  ForeignCopyError,
  foreignCopyBackend,
  unbrandedErrorBackend,
} from './support/foreign-errors.js'
import { recordingRunner } from './support/recording-runner.js'

// A backend built against a second copy of @paramkit/core passes the whole suite: errors are
// checked by brand and code, never by this copy's classes.
backendConformanceSuite('second core copy', foreignCopyBackend)

const maxValueBytes = memoryBackend().capabilities.maxValueBytes

/** The tests that check an error a backend throws (all others check values). */
const errorChecks = [
  'get of a missing name is NotFoundError naming it, never another error',
  'an invalid name is ValidationError, not NotFound',
  'numbers versions from 1 and reads any of them with name:version',
  'reads a labelled version with name:label, and a label moves when attached elsewhere',
  'put refuses to overwrite unless asked, and delete removes',
  `stores a value of the maximum size (${maxValueBytes} bytes) and refuses one byte more`,
  'refuses an invalid name before writing anything',
].sort()

describe('error checks by brand and code', () => {
  it("a second copy's error is no instance of this copy's classes, yet has the brand and the code", async () => {
    const error = await foreignCopyBackend()
      .get('/missing')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ForeignCopyError)
    expect(error).not.toBeInstanceOf(NotFoundError)
    expect(NotFoundError.is(error)).toBe(true)
    expect(errorKind(error)).toEqual({ paramkitError: true, code: 'NOT_FOUND' })
    expect(errorKind(new ValidationError('bad'))).toEqual({ paramkitError: true, code: 'VALIDATION' })
  })

  it('the same run through a recording runner passes every test, so the failures below are the errors', async () => {
    const runner = recordingRunner()
    backendConformanceSuite('second core copy, recorded', foreignCopyBackend, { test: runner.api })
    const { passed, failed } = await runner.run()
    expect(failed).toEqual([])
    expect(passed).toEqual(expect.arrayContaining(errorChecks))
  }, 60_000)

  for (const [what, create] of [
    ['branded errors without their code', codelessErrorBackend],
    ['errors with the code but without the paramkit brand', unbrandedErrorBackend],
  ] as const)
    it(`fails exactly the tests that check errors for a backend with ${what}`, async () => {
      const runner = recordingRunner()
      backendConformanceSuite(what, create, { test: runner.api })
      const { passed, failed } = await runner.run()
      expect(failed.sort()).toEqual(errorChecks)
      expect(passed.length).toBe(runner.tests.length - errorChecks.length)
    }, 60_000)
})
