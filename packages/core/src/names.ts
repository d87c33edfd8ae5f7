import { parseArn } from './arn.js'
import { invalidName } from './name-errors.js'

export { invalidName, safeName } from './name-errors.js'

/** Where a name being checked stands. */
export interface NameContext {
  /** A key being read may carry a backend's `:version` / `:label` selector; a level or a path never does. */
  allowSelector: boolean
}

/**
 * A backend's own name rules (`Backend.checkName`): throws ValidationError naming the key and the
 * rule, and never calls the service. It sees names without their `#field`, which core handles.
 */
export type NameCheck = (name: string, context: NameContext) => void

export const MAX_FIELD_LENGTH = 256

/** Splits `name#field` (one field of a JSON value, which core reads) and checks the field. */
export function splitField(input: string, allowField: boolean): { name: string; field: string | undefined } {
  const hash = input.indexOf('#')
  if (hash === -1) return { name: input, field: undefined }
  if (!allowField) invalidName(input, 'field-not-allowed', 'a "#field" suffix is only for JSON secrets')
  const field = input.slice(hash + 1)
  if (field.length === 0 || field.length > MAX_FIELD_LENGTH || [...field].some((c) => c.charCodeAt(0) < 32)) {
    invalidName(input, 'field', `a field after "#" has 1 to ${MAX_FIELD_LENGTH} printable characters`)
  }
  return { name: input.slice(0, hash), field }
}

/**
 * The rules every backend shares, for one without `checkName`: a name is not empty and holds no
 * control characters; a hierarchical one starts with "/" and has no empty level and no trailing "/".
 */
export function checkGenericName(name: string): void {
  if (name.length === 0) invalidName(name, 'empty', 'a name cannot be empty')
  if ([...name].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) {
    invalidName(name, 'control-characters', 'a name cannot hold control characters')
  }
  if (name.startsWith('arn:')) {
    parseArn(name)
    return
  }
  if (!name.includes('/')) return
  if (!name.startsWith('/')) invalidName(name, 'leading-slash', 'a hierarchical name must start with "/"')
  if (name.length > 1 && name.endsWith('/')) invalidName(name, 'trailing-slash', 'a name cannot end with "/"')
  if (name.includes('//')) invalidName(name, 'empty-level', 'a name cannot have an empty level ("//")')
}
