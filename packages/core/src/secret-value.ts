import { isSecret, Secret } from './secret.js'
import type { StandardSchemaV1 } from './standard-schema.js'

/**
 * A check for a secret leaf in a `load()` schema. Schemas receive secrets as `Secret`s, so a
 * string rule never sees (or quotes, or transforms) the plaintext by accident; this opens the
 * secret only to check it with `inner`. It is a Standard Schema (ArkType takes it as is:
 * `type({ password: secretValue(type('string >= 8')) })`) with a predicate, `check`, for
 * validators' custom hooks: `z.custom<Secret>(secretValue(z.string().min(8)).check)`,
 * `v.custom<Secret>(secretValue(v.pipe(v.string(), v.minLength(8))).check)`. As a Standard Schema a
 * string, number or bytes output of `inner` is sealed again; as a predicate, `inner` only checks.
 */
export interface SecretCheck extends StandardSchemaV1<Secret<string>, Secret<string>> {
  /** True for a `Secret` whose plaintext passes `inner` (which must then validate synchronously). */
  check(value: unknown): value is Secret<string>
}

export function secretValue(inner?: StandardSchemaV1): SecretCheck {
  const check = (value: unknown): value is Secret<string> => {
    if (!isSecret(value)) return false
    if (!inner) return true
    const result = inner['~standard'].validate(value.reveal())
    if (result instanceof Promise)
      throw new TypeError('secretValue() as a predicate needs a synchronous schema')
    return !result.issues
  }
  // Synchronous whenever `inner` is: some validators (ArkType) take only synchronous Standard Schemas.
  const validate = (value: unknown): Result | Promise<Result> => {
    if (!isSecret(value))
      return { issues: [{ message: 'expected a secret (a Secret from a sensitive parameter)' }] }
    if (!inner) return { value: value as Secret<string> }
    const plaintext = value.reveal()
    const result = inner['~standard'].validate(plaintext)
    return result instanceof Promise
      ? result.then((r) => settle(value, plaintext, r))
      : settle(value, plaintext, result)
  }
  return { check, '~standard': { version: 1, vendor: 'paramkit', validate } }
}

type Result = StandardSchemaV1.Result<Secret<string>>

/** The message of every issue secretValue() reports: its rule, never the validator's text. */
const SECRET_RULE = 'the secret failed its rule (rule: secret-value)'

function settle(
  secret: Secret<unknown>,
  plaintext: unknown,
  result: StandardSchemaV1.Result<unknown>,
): Result {
  // The inner validator's text may quote part of the secret or tell its length: none of it is passed on.
  if (result.issues)
    return { issues: result.issues.map((issue) => ({ message: SECRET_RULE, path: issue.path })) }
  const output = result.value
  if (output === plaintext) return { value: secret as Secret<string> }
  if (typeof output === 'string' || typeof output === 'number' || output instanceof Uint8Array)
    return { value: new Secret(output) as Secret<string> }
  return {
    issues: [{ message: 'a secret must stay a string, number or bytes; derive other values after reveal()' }],
  }
}
