import type { Parameter } from '@aws-sdk/client-ssm'
import { validateName } from '@paramkit/aws'
import { type Entry, type EntryType, isArn } from '@paramkit/core/backend'

const TYPES = new Set<string>(['String', 'StringList', 'SecureString'])

/** An SSM `Parameter` as a paramkit `Entry`. */
export function toEntry(parameter: Parameter): Entry {
  const type = (parameter.Type && TYPES.has(parameter.Type) ? parameter.Type : 'String') as EntryType
  const entry: Entry = {
    name: parameter.Name ?? '',
    value: parameter.Value ?? '',
    type,
    version: String(parameter.Version ?? ''),
    sensitive: type === 'SecureString',
  }
  if (parameter.Selector) entry.selector = parameter.Selector
  if (parameter.LastModifiedDate) entry.lastModified = parameter.LastModifiedDate
  return entry
}

/**
 * Gives each parameter of a GetParameters answer the selector it was asked with. Parameter Store
 * echoes `Selector`; emulators may not. Then a version selector is matched by version; a plain
 * request takes the newest answer for its name; a single label request takes what is left.
 */
export function withRequestedSelectors(requested: readonly string[], entries: Entry[]): Entry[] {
  const split = (r: string) => [r.slice(0, r.lastIndexOf(':')), r.slice(r.lastIndexOf(':') + 1)] as const
  const echoed = new Set(entries.flatMap((e) => (e.selector ? [e.name + e.selector] : [])))
  for (const name of new Set(entries.map((e) => e.name))) {
    let open = entries.filter((e) => e.name === name && !e.selector)
    const pending = requested.filter((r) => r.includes(':') && split(r)[0] === name && !echoed.has(r))
    for (const request of pending.filter((r) => /^\d+$/.test(split(r)[1]))) {
      const match = open.find((e) => e.version === split(request)[1])
      if (match) {
        match.selector = `:${split(request)[1]}`
        open = open.filter((e) => e !== match)
      }
    }
    if (requested.includes(name)) {
      const newest = open.reduce<Entry | undefined>(
        (a, e) => (!a || Number(e.version) > Number(a.version) ? e : a),
        undefined,
      )
      open = open.filter((e) => e !== newest)
    }
    const labels = pending.filter((r) => !/^\d+$/.test(split(r)[1]))
    if (labels.length === 1 && open.length === 1) open[0]!.selector = `:${split(labels[0]!)[1]}`
  }
  return entries
}

/**
 * The entries of an answer, those asked for by full ARN (a parameter another account shares) named by
 * that ARN less its selector, as core keys them. Each asked name answers once: a parameter asked by its
 * plain name keeps it; one asked by ARN (Parameter Store answers with the name, or the ARN) takes it.
 */
export function namedAsAsked(asked: readonly string[], parameters: readonly Parameter[]): Entry[] {
  const arns = asked.filter(isArn).map((arn) => validateName(arn).name)
  if (arns.length === 0) return parameters.map(toEntry)
  const plain = asked.filter((name) => !isArn(name)).map((name) => validateName(name).name)
  return parameters.map((parameter) => {
    const entry = toEntry(parameter)
    const byName = plain.indexOf(parameter.Name ?? '')
    if (byName !== -1 && parameter.Name !== parameter.ARN) {
      plain.splice(byName, 1)
      return entry
    }
    const match = arns.findIndex(
      (arn) =>
        arn === parameter.ARN ||
        arn === parameter.Name ||
        (parameter.ARN === undefined && nameOf(arn) === parameter.Name),
    )
    if (match !== -1) {
      entry.name = arns[match]!
      arns.splice(match, 1)
    }
    return entry
  })
}

/** The parameter name inside its ARN: `parameter/prod/db` is `/prod/db`, `parameter/flat` is `flat`. */
function nameOf(arn: string): string {
  const rest = arn.slice(arn.indexOf(':parameter/') + ':parameter/'.length)
  return rest.includes('/') ? `/${rest}` : rest
}
