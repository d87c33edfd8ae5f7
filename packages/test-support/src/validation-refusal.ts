/** What tests read from a refused call's ValidationError. */
export interface Refusal {
  key: string | undefined
  rule: string | undefined
  message: string
}

/** The ValidationError that `run` throws synchronously; anything else thrown, or nothing, fails the test. */
export function validationRefusal(run: () => unknown): Refusal {
  try {
    run()
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'VALIDATION') return error as Refusal
    throw error
  }
  throw new Error('expected a ValidationError, but the call was accepted')
}
