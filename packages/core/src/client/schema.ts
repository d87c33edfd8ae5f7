import { SchemaError, type SchemaIssueReport } from '../errors.js'
import { REDACTED } from '../secret.js'
import type { StandardSchemaV1 } from '../standard-schema.js'

/** Shortest non-secret value scrubbed from validator messages: shorter ones would blank ordinary words. */
const MIN_SCRUB_LENGTH = 3

/**
 * Validates `value` with any Standard Schema validator. On failure throws one SchemaError listing
 * every failing path; validator messages are scrubbed of every loaded value (all secrets, and
 * plain values of 3 characters or more), since some validators quote the input.
 */
export async function validateWithSchema<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  scrub: { secrets: readonly string[]; plain: readonly string[] },
  context: { backend?: string },
): Promise<StandardSchemaV1.InferOutput<S>> {
  const result = await schema['~standard'].validate(value)
  if (!result.issues) return result.value as StandardSchemaV1.InferOutput<S>
  const words = [
    ...scrub.secrets.filter((s) => s.length > 0),
    ...scrub.plain.filter((s) => s.length >= MIN_SCRUB_LENGTH),
  ].sort((a, b) => b.length - a.length)
  const issues: SchemaIssueReport[] = result.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: scrubText(issue.message, words),
  }))
  const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')
  throw new SchemaError(`Configuration failed its schema at ${issues.length} path(s): ${list}`, {
    issues,
    operation: 'load',
    ...(context.backend ? { backend: context.backend } : {}),
  })
}

function formatPath(path: StandardSchemaV1.Issue['path']): string {
  if (!path) return ''
  return path.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.')
}

function scrubText(text: string, words: readonly string[]): string {
  let out = text
  for (const word of words) out = out.split(word).join(REDACTED)
  return out
}
