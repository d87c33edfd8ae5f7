import { SchemaError, type SchemaIssueReport } from '../errors.js'
import { REDACTED } from '../secret.js'
import type { SecretForms } from '../secret-forms.js'
import type { StandardSchemaV1 } from '../standard-schema.js'

/** Shortest non-secret value scrubbed from validator messages: shorter ones would blank ordinary words. */
const MIN_SCRUB_LENGTH = 3

export interface Scrub {
  /** Every loaded secret, in all the forms a message may quote it. */
  secrets: SecretForms
  /** Loaded non-secret values, scrubbed raw (3 characters or more). */
  plain: readonly string[]
}

/**
 * Validates `value` with any Standard Schema validator. On failure throws one SchemaError listing
 * every failing path. An issue at a secret's path (or inside one) keeps only its path and the rule code
 * `secret-value`: the validator's text never leaves core, since it may quote part of the secret or tell its
 * length. Other validator messages are scrubbed of every loaded secret (raw, escaped,
 * percent-encoded, base64) and of plain values, since some validators quote the input. A schema
 * that throws is reported the same way, without the thrown error (whose fields may hold a value).
 */
export async function validateWithSchema<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  scrub: Scrub,
  context: { backend?: string },
  secretPaths: ReadonlySet<string> = new Set(),
): Promise<StandardSchemaV1.InferOutput<S>> {
  let result: StandardSchemaV1.Result<unknown>
  try {
    result = await schema['~standard'].validate(value)
  } catch (thrown) {
    const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : typeof thrown
    result = { issues: [{ message: `the schema threw ${message}` }] }
  }
  if (!result.issues) return result.value as StandardSchemaV1.InferOutput<S>
  const clean = scrubber(scrub)
  throw schemaError(
    'Configuration failed its schema',
    result.issues.map((issue) => {
      const path = clean(formatPath(issue.path))
      return atSecret(path, secretPaths) ? secretIssue(path) : { path, message: clean(issue.message) }
    }),
    context,
  )
}

export function schemaError(
  what: string,
  issues: SchemaIssueReport[],
  context: { backend?: string },
): SchemaError {
  const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')
  return new SchemaError(`${what} at ${issues.length} path(s): ${list}`, {
    issues,
    operation: 'load',
    ...(context.backend ? { backend: context.backend } : {}),
  })
}

/** Whether `path` is a secret's path or inside one (a JSON secret's fields). */
function atSecret(path: string, secretPaths: ReadonlySet<string>): boolean {
  if (secretPaths.has(path)) return true
  for (let dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1))
    if (secretPaths.has(path.slice(0, dot))) return true
  return false
}

/** An issue at a secret's path: the path and a rule code, and a message made from the path alone. */
export function secretIssue(path: string): SchemaIssueReport {
  return {
    path,
    rule: 'secret-value',
    message: `the secret at "${path}" failed its rule (rule: secret-value)`,
  }
}

function scrubber(scrub: Scrub): (text: string) => string {
  const words = scrub.plain.filter((s) => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length)
  return (text) => {
    let out = scrub.secrets.scrub(text)
    for (const word of words) out = out.split(word).join(REDACTED)
    return out
  }
}

function formatPath(path: StandardSchemaV1.Issue['path']): string {
  if (!path) return ''
  return path.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.')
}
