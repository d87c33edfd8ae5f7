import { ValidationError } from '@paramkit/core'
import { optionNames, rejectUnknownOptions } from '@paramkit/core/backend'

export interface LambdaOptions {
  /**
   * Keys the handler needs: loaded during init (with `preload`), and a missing one fails init with a
   * NotFoundError naming it, so the handler never runs before every required key has loaded (each failed
   * invocation loads again). A key deleted later is the handler's to meet. Left out: the service's whole tree is
   * loaded (`config.load()`).
   */
  required?: readonly string[]
  /**
   * Milliseconds of the invocation's remaining time (`context.getRemainingTimeInMillis()`) kept for the
   * handler: waiting on paramkit ends this long before the deadline. Default 500.
   */
  marginMs?: number
  /**
   * Milliseconds an invocation waits for due keys to refresh when a stale value is at hand (within the
   * budget above). Default 0: the stale value answers at once while the refresh runs. A key with no
   * servable value (never loaded, or past `maxStale`) is always waited for, within the budget.
   */
  waitMs?: number
}

export interface ResolvedLambdaOptions {
  required: readonly string[]
  marginMs: number
  waitMs: number
}

export const lambdaDefaults = { marginMs: 500, waitMs: 0 } as const

const lambdaOptionNames = optionNames<LambdaOptions>({ required: true, marginMs: true, waitMs: true })

/** Checks what the app passed: unknown options, a non-list `required`, negative or non-finite times. */
export function resolveOptions(options: LambdaOptions | undefined, where: string): ResolvedLambdaOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw refusal(where, 'options', 'must be an object', 'options-object')
  rejectUnknownOptions(options, lambdaOptionNames, where)
  const required = options?.required ?? []
  if (!Array.isArray(required) || required.some((key) => typeof key !== 'string' || key === ''))
    throw refusal(where, 'required', 'must be an array of non-empty key strings', 'required-keys')
  return {
    required: [...new Set(required as string[])],
    marginMs: milliseconds(options?.marginMs, lambdaDefaults.marginMs, 'marginMs', where),
    waitMs: milliseconds(options?.waitMs, lambdaDefaults.waitMs, 'waitMs', where),
  }
}

function milliseconds(value: unknown, fallback: number, name: string, where: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw refusal(where, name, 'must be a finite number of milliseconds >= 0', 'non-negative-ms')
  return value
}

function refusal(where: string, option: string, rule: string, ruleName: string): ValidationError {
  return new ValidationError(`${where}: option "${option}" ${rule} (rule: ${ruleName})`, {
    key: option,
    operation: 'validate',
    rule: ruleName,
  })
}
