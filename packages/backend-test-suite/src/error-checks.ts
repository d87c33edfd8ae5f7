import { isParamkitError } from '@paramkit/core'
import type { TestApi } from './test-api.js'

/**
 * What the suite checks of an error: paramkit's brand and its `code`, never its class, so a
 * backend built against its own copy of @paramkit/core passes.
 */
export function errorKind(error: unknown): { paramkitError: boolean; code: unknown } {
  return {
    paramkitError: isParamkitError(error),
    code: typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined,
  }
}

/** Asserts `error` is a paramkit error with `code`, e.g. `NOT_FOUND`. */
export function expectErrorCode(test: TestApi, error: unknown, code: string): void {
  test.expect(errorKind(error)).toEqual({ paramkitError: true, code })
}

/** Asserts `promise` rejects with a paramkit error with `code`; returns the error. */
export async function expectRejection(
  test: TestApi,
  promise: Promise<unknown>,
  code: string,
): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expectErrorCode(test, error, code)
  return error
}
