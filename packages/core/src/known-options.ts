import { ValidationError } from './errors.js'

/**
 * The keys of an options type, written once as an object literal so the compiler checks the list is
 * complete and has nothing extra: `optionNames<CacheOptions>({ ttl: true, ... })`.
 */
export function optionNames<T>(keys: Record<keyof T, true>): readonly string[] {
  return Object.keys(keys)
}

/** The options given, less those set to `undefined`, so spreading them over defaults keeps the defaults. */
export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

/**
 * Refuses keys that `known` does not list, naming the key, before anything else happens: a misspelt
 * or misplaced option (`memoryBackend({ throttle })` instead of `faults: { throttle }`) is never
 * silently ignored. `hints` adds a "did you mean" per known mistake.
 */
export function rejectUnknownOptions(
  options: object | undefined,
  known: readonly string[],
  where: string,
  hints: Readonly<Record<string, string>> = {},
): void {
  if (options === undefined || options === null) return
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const hint = Object.hasOwn(hints, key) ? `; did you mean ${hints[key]}?` : ''
    throw new ValidationError(
      `Unknown option "${key}" in ${where}${hint}. Known options: ${known.join(', ')} (rule: known-option)`,
      { key, operation: 'validate', rule: 'known-option' },
    )
  }
}
