import type { Entry } from './backend.js'
import { NotFoundError, ValidationError } from './errors.js'

/**
 * One field of a JSON secret as an entry of its own: strings as they are, other JSON values
 * serialised. A missing field is NotFound naming the field; bad JSON is Validation. Neither
 * message holds any part of the value.
 */
export function extractField(entry: Entry, field: string, backend: string): Entry {
  const key = `${entry.name}#${field}`
  if (typeof entry.value !== 'string') {
    throw new ValidationError(
      `Secret "${entry.name}" is binary; "#${field}" needs a JSON string (rule: json-field)`,
      {
        key,
        backend,
        operation: 'get',
        rule: 'json-field',
      },
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(entry.value)
  } catch {
    parsed = undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError(
      `Secret "${entry.name}" is not a JSON object, so it has no field "${field}" (rule: json-field)`,
      {
        key,
        backend,
        operation: 'get',
        rule: 'json-field',
      },
    )
  }
  if (!Object.hasOwn(parsed, field)) {
    throw new NotFoundError(`Secret "${entry.name}" has no field "${field}"`, {
      key,
      backend,
      operation: 'get',
    })
  }
  const value = (parsed as Record<string, unknown>)[field]
  return { ...entry, value: typeof value === 'string' ? value : JSON.stringify(value), selector: `#${field}` }
}
