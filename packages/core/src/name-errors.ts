import { ValidationError } from './errors.js'

/** Names are not secrets, but an invalid one may be huge or hold control characters: bound it for messages. */
export function safeName(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?')
  return printable.length > 120 ? `${printable.slice(0, 117)}...` : printable
}

/** The ValidationError of a name that breaks `rule`, the name bounded and printable. */
export function invalidName(name: string, rule: string, message: string): never {
  throw new ValidationError(`Invalid parameter name "${safeName(name)}": ${message} (rule: ${rule})`, {
    key: safeName(name),
    operation: 'validate',
    rule,
  })
}
