/** What the suite asserts with: the matchers it uses, as vitest's and jest's `expect` provide them. */
export interface Assertion {
  toBe(expected: unknown): void
  toEqual(expected: unknown): void
  toMatchObject(expected: object): void
  toContain(item: unknown): void
  toHaveLength(length: number): void
  toBeGreaterThan(n: number): void
  toBeLessThanOrEqual(n: number): void
  toBeUndefined(): void
  not: Omit<Assertion, 'not'>
}

type Hook = () => Promise<unknown> | unknown

/**
 * The test runner the suite registers its tests with: vitest's by default, or any runner with the
 * same shape (jest's globals, a wrapper that adds retries or tags).
 */
export interface TestApi {
  describe(name: string, body: () => void): void
  it(name: string, body: () => Promise<void> | void, timeout?: number): void
  expect(actual: unknown): Assertion
  beforeEach(hook: Hook): void
  afterEach(hook: Hook): void
}
