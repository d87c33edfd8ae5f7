import { checkLabel, checkValueSize, type Selector, SSM_LIMITS } from '@paramkit/aws'
import { NotFoundError } from '@paramkit/core'
import type { Entry, EntryType } from '@paramkit/core/backend'
import { invalid } from './limits.js'

export interface ParameterVersion {
  version: number
  value: string
  labels: string[]
  lastModified: Date
}

export interface Parameter {
  name: string
  type: 'String' | 'StringList' | 'SecureString'
  tier: 'Standard' | 'Advanced'
  tags: Record<string, string>
  keyId: string | undefined
  /** Oldest first; at most 100. */
  versions: ParameterVersion[]
  /** Highest version ever given: numbers are never reused, even after the oldest are dropped. */
  latest: number
  /** Milliseconds when an Expiration policy deletes it. */
  expiresAt?: number
}

export interface ParameterPut {
  type: Parameter['type']
  overwrite: boolean
  tags: Record<string, string> | undefined
  tier: 'Standard' | 'Advanced' | 'Intelligent-Tiering'
  keyId: string | undefined
  /** Present when the put sets policies: they replace the old ones. Left out, the old policies stay, as in Parameter Store. */
  policies?: { expiresAt: number | undefined }
}

/** Parameter Store's rules for versions, labels, tiers and overwrites, over a Map. */
export class ParameterStore {
  readonly parameters = new Map<string, Parameter>()

  constructor(private readonly now: () => number) {}

  put(name: string, value: string, options: ParameterPut): number {
    const existing = this.parameters.get(name)
    const tier = checkValueSize(name, value, 'memory', options.tier)
    if (existing && !options.overwrite) {
      throw invalid(name, 'already-exists', 'the parameter exists; pass overwrite: true to add a version')
    }
    if (existing && options.tags && Object.keys(options.tags).length > 0) {
      throw invalid(name, 'tags-on-overwrite', 'tags can only be given when a parameter is created')
    }
    const parameter: Parameter = existing ?? {
      name,
      type: options.type,
      tier,
      tags: { ...options.tags },
      keyId: options.keyId,
      versions: [],
      latest: 0,
    }
    if (parameter.versions.length >= SSM_LIMITS.versionsKept) {
      const oldest = parameter.versions[0]!
      if (oldest.labels.length > 0) {
        throw invalid(
          name,
          'max-versions',
          `version ${oldest.version} is the oldest of 100 and has labels; remove them first`,
        )
      }
      parameter.versions.shift()
    }
    parameter.type = options.type
    parameter.tier = parameter.tier === 'Advanced' ? 'Advanced' : tier
    if (options.keyId !== undefined) parameter.keyId = options.keyId
    if (options.policies) parameter.expiresAt = options.policies.expiresAt
    parameter.latest++
    parameter.versions.push({
      version: parameter.latest,
      value,
      labels: [],
      lastModified: new Date(this.now()),
    })
    this.parameters.set(name, parameter)
    return parameter.latest
  }

  /** The version a selector picks, or the latest. Throws NotFound for a missing name, version or label. */
  read(name: string, selector: Selector | undefined): { parameter: Parameter; version: ParameterVersion } {
    const parameter = this.parameters.get(name)
    if (!parameter) throw notFound(name, `parameter "${name}" not found`)
    let version: ParameterVersion | undefined
    if (!selector) version = parameter.versions[parameter.versions.length - 1]
    else if (selector.kind === 'version')
      version = parameter.versions.find((v) => v.version === selector.version)
    else version = parameter.versions.find((v) => v.labels.includes(selector.label))
    if (!version) {
      const what =
        selector?.kind === 'version'
          ? `version ${selector.version}`
          : `label "${selector?.kind === 'label' ? selector.label : ''}"`
      throw notFound(name, `parameter "${name}" has no ${what}`)
    }
    return { parameter, version }
  }

  /** Attaches labels to one version, moving any that sit on another version, as LabelParameterVersion does. */
  label(name: string, versionNumber: number, labels: readonly string[]): void {
    const { parameter, version } = this.read(name, { kind: 'version', version: versionNumber })
    for (const label of labels) checkLabel(label, `${name}:${label}`)
    const merged = [...new Set([...version.labels, ...labels])]
    if (merged.length > SSM_LIMITS.labelsPerVersion) {
      throw invalid(name, 'max-labels', `a version has at most ${SSM_LIMITS.labelsPerVersion} labels`)
    }
    for (const other of parameter.versions) {
      if (other !== version) other.labels = other.labels.filter((l) => !labels.includes(l))
    }
    version.labels = merged
  }

  /** Deletes every parameter whose Expiration has come, as Parameter Store's policy scan does. */
  sweepExpired(now: number): void {
    for (const [name, parameter] of this.parameters)
      if (parameter.expiresAt !== undefined && parameter.expiresAt <= now) this.parameters.delete(name)
  }

  delete(name: string): void {
    if (!this.parameters.delete(name)) throw notFound(name, `parameter "${name}" not found`)
  }

  toEntry(parameter: Parameter, version: ParameterVersion, selector: string | undefined): Entry {
    const entry: Entry = {
      name: parameter.name,
      value: version.value,
      type: parameter.type as EntryType,
      version: String(version.version),
      labels: [...version.labels],
      lastModified: version.lastModified,
      sensitive: parameter.type === 'SecureString',
    }
    if (parameter.expiresAt !== undefined) entry.expiresAt = new Date(parameter.expiresAt)
    if (selector !== undefined) entry.selector = selector
    return entry
  }
}

export function notFound(name: string, message: string): NotFoundError {
  return new NotFoundError(message, { key: name, backend: 'memory', operation: 'get' })
}
