import { isArn } from '../arn.js'

/** Names the primary holds are remembered up to this many, oldest forgotten first. */
const MAX_HELD = 50_000

/**
 * The names the primary of `failoverBackends` answered for (less any selector): a replica's NotFound for
 * one of them is a misconfiguration, not absence. Forgotten when the primary says a name does not exist.
 */
export class HeldNames {
  private readonly names = new Set<string>()

  add(name: string): void {
    const base = baseName(name)
    this.names.delete(base)
    this.names.add(base)
    if (this.names.size > MAX_HELD) this.names.delete(this.names.values().next().value!)
  }

  forget(name: string): void {
    this.names.delete(baseName(name))
  }

  has(name: string): boolean {
    return this.names.has(baseName(name))
  }
}

/** A name less its `:3` / `:label` selector; a Secrets Manager ARN has none (its `secret:NAME` is not one). */
export function baseName(name: string): string {
  if (isArn(name) && name.split(':')[2] === 'secretsmanager') return name
  const colon = name.lastIndexOf(':')
  return colon === -1 || name.indexOf('/', colon) !== -1 ? name : name.slice(0, colon)
}
