import { checkArnService, invalidName, isArn, type NameCheck, splitField } from '@paramkit/core/backend'

/** Parameter Store's name rules, enforced before any call. */
export const NAME_RULES = {
  maxLength: 1011,
  maxLevels: 15,
  allowedCharacters: /^[a-zA-Z0-9_.\-/]+$/,
  reservedPrefix: /^\/?(aws|ssm)/i,
  /** Reserved-prefix paths that may be read, never written. */
  readablePublicPaths: ['/aws/reference/secretsmanager/', '/aws/service/'],
  maxLabelLength: 100,
  label: /^[a-zA-Z0-9_.-]+$/,
  maxVersion: 2 ** 31 - 1,
} as const

export type Selector = { kind: 'version'; version: number } | { kind: 'label'; label: string }

export interface ParsedName {
  /** The name without its selector or field. */
  name: string
  selector: Selector | undefined
  /** The JSON field after `#` (Secrets Manager JSON secrets), when allowed and given. */
  field?: string
}

export interface NameCheckOptions {
  /** `write` also refuses the read-only public paths (`/aws/reference/secretsmanager/...`). */
  mode?: 'read' | 'write'
  /** Whether `name:version` / `name:label` is accepted. Defaults to true in read mode. */
  allowSelector?: boolean
  /** Whether a `name#field` suffix (one field of a JSON secret) is accepted. Default false. */
  allowField?: boolean
}

/** Splits `name:3` or `name:label` into the name and its selector, checking the selector's own rules. */
export function parseSelector(input: string): ParsedName {
  const colon = input.lastIndexOf(':')
  if (colon === -1) return { name: input, selector: undefined }
  const name = input.slice(0, colon)
  const raw = input.slice(colon + 1)
  if (raw.length === 0) invalidName(input, 'selector-empty', 'the selector after ":" is empty')
  if (/^[0-9]+$/.test(raw)) {
    const version = Number(raw)
    if (version < 1 || version > NAME_RULES.maxVersion || raw.startsWith('0')) {
      invalidName(input, 'selector-version', 'a version selector must be a whole number from 1')
    }
    return { name, selector: { kind: 'version', version } }
  }
  checkLabel(raw, input)
  return { name, selector: { kind: 'label', label: raw } }
}

/** SSM's label rules: 1-100 of `a-zA-Z0-9_.-`, not starting with a digit, `aws` or `ssm`. */
export function checkLabel(label: string, context = label): void {
  if (label.length === 0 || label.length > NAME_RULES.maxLabelLength) {
    invalidName(context, 'label-length', `a label must be 1 to ${NAME_RULES.maxLabelLength} characters`)
  }
  if (!NAME_RULES.label.test(label))
    invalidName(context, 'label-characters', 'a label may use only a-zA-Z0-9_.-')
  if (/^[0-9]/.test(label)) invalidName(context, 'label-leading-digit', 'a label cannot start with a digit')
  if (/^(aws|ssm)/i.test(label))
    invalidName(context, 'label-reserved-prefix', 'a label cannot start with "aws" or "ssm"')
}

/**
 * Checks a parameter name (optionally with a selector) against Parameter Store's rules and
 * returns it parsed. Throws ValidationError naming the rule; never calls a backend.
 */
export function validateName(input: string, options: NameCheckOptions = {}): ParsedName {
  const mode = options.mode ?? 'read'
  const allowSelector = options.allowSelector ?? mode === 'read'
  if (typeof input !== 'string' || input.length === 0)
    invalidName(String(input), 'empty', 'a name cannot be empty')
  const { name: bare, field } = splitField(input, options.allowField ?? false)
  if (field !== undefined) return { ...validateName(bare, { ...options, allowField: false }), field }
  if (isArn(input)) return validateParameterArn(input, { ...options, mode, allowSelector })
  const parsed = input.includes(':') ? parseSelector(input) : { name: input, selector: undefined }
  if (parsed.selector && !allowSelector)
    invalidName(input, 'selector-not-allowed', 'a selector is not allowed here')
  const { name } = parsed
  if (name.length === 0) invalidName(input, 'empty', 'a name cannot be empty')
  if (name.length > NAME_RULES.maxLength) {
    invalidName(input, 'max-length', `a name is at most ${NAME_RULES.maxLength} characters`)
  }
  if (!NAME_RULES.allowedCharacters.test(name)) {
    invalidName(input, 'characters', 'a name may use only a-zA-Z0-9_.-/')
  }
  if (name.includes('/')) {
    if (!name.startsWith('/')) invalidName(input, 'leading-slash', 'a hierarchical name must start with "/"')
    if (name.endsWith('/')) invalidName(input, 'trailing-slash', 'a name cannot end with "/"')
    if (name.includes('//')) invalidName(input, 'empty-level', 'a name cannot have an empty level ("//")')
    const levels = name.split('/').length - 1
    if (levels > NAME_RULES.maxLevels) {
      invalidName(
        input,
        'max-levels',
        `a name has at most ${NAME_RULES.maxLevels} levels, this one has ${levels}`,
      )
    }
  }
  if (NAME_RULES.reservedPrefix.test(name)) {
    const readable = NAME_RULES.readablePublicPaths.some((p) => name.startsWith(p))
    if (mode === 'write' || !readable) {
      invalidName(input, 'reserved-prefix', 'a name cannot start with "aws" or "ssm"')
    }
  }
  return parsed
}

/**
 * A parameter's full ARN, `arn:aws:ssm:REGION:ACCOUNT:parameter/NAME` (how a parameter shared from another
 * account is read): its name part follows the same rules; only reads take one.
 */
function validateParameterArn(
  input: string,
  options: NameCheckOptions & { allowSelector: boolean },
): ParsedName {
  if (options.mode === 'write')
    invalidName(input, 'arn-read-only', 'a parameter is written by its name, not its ARN')
  const { resource } = checkArnService(input, 'ssm', 'ssm')
  if (!resource.startsWith('parameter/') || resource.length === 'parameter/'.length) {
    invalidName(input, 'arn-resource', 'a Parameter Store ARN ends in parameter/NAME')
  }
  const rest = resource.slice('parameter/'.length)
  const inner = validateName(rest.includes('/') ? `/${rest}` : rest, { ...options, allowField: false })
  const selector = inner.selector
  return { name: selector ? input.slice(0, input.lastIndexOf(':')) : input, selector }
}

/** Checks a path given to `list`/`getTree`: same rules as a name, a trailing "/" allowed, no selector. */
export function validatePath(path: string): string {
  if (path === '/') return path
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path
  if (!trimmed.startsWith('/')) invalidName(path, 'leading-slash', 'a path must start with "/"')
  validateName(trimmed, { allowSelector: false })
  return trimmed
}

/** Parameter Store's rules as a backend's `checkName`: what the SSM and memory backends give core. */
export const checkParameterName: NameCheck = (name, context) => {
  validateName(name, { allowSelector: context.allowSelector })
}
