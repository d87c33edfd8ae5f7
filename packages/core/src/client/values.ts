import type { Entry } from '../backend.js'
import { ValidationError } from '../errors.js'

/** A string view of an entry: bytes are shown as base64, as the AWS CLI shows `SecretBinary`. */
export function entryText(entry: Entry): string {
  return typeof entry.value === 'string' ? entry.value : Buffer.from(entry.value).toString('base64')
}

/** StringList values (and plain strings) as a list, split on commas as Parameter Store stores them. */
export function entryList(entry: Entry): string[] {
  const text = entryText(entry)
  return text === '' ? [] : text.split(',')
}

export function entryJSON<T>(entry: Entry, key: string): T {
  try {
    return JSON.parse(entryText(entry)) as T
  } catch {
    // The parser's message quotes the input: report only the key and the rule.
    throw new ValidationError(`Value of "${key}" is not valid JSON (rule: json)`, {
      key,
      operation: 'get',
      rule: 'json',
    })
  }
}
