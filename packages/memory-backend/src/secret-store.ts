import { checkValueSize, SECRETS_LIMITS } from '@paramkit/aws'
import type { Entry } from '@paramkit/core/backend'
import { invalid } from './limits.js'
import { notFound } from './parameter-store.js'

export const CURRENT = 'AWSCURRENT'
export const PREVIOUS = 'AWSPREVIOUS'
export const PENDING = 'AWSPENDING'

export interface SecretVersion {
  id: string
  value: string | Uint8Array
  stages: string[]
  created: Date
}

export interface SecretRecord {
  name: string
  /** Oldest first. */
  versions: SecretVersion[]
  tags: Record<string, string>
  rotationDays: number | undefined
  lastRotated: Date | undefined
  created: Date
}

/** Secrets Manager's staging labels: every write and rotation moves them exactly as the service does. */
export class SecretStore {
  readonly secrets = new Map<string, SecretRecord>()

  constructor(
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  /** CreateSecret for a new name, PutSecretValue for an existing one. */
  put(
    name: string,
    value: string | Uint8Array,
    options: {
      overwrite: boolean
      tags?: Record<string, string> | undefined
      rotationDays?: number | undefined
    },
  ): string {
    checkValueSize(name, value, 'memory')
    const existing = this.secrets.get(name)
    if (existing && !options.overwrite) {
      throw invalid(name, 'already-exists', 'the secret exists; pass overwrite: true to put a new version')
    }
    if (existing && options.tags && Object.keys(options.tags).length > 0) {
      throw invalid(name, 'tags-on-overwrite', 'tags can only be given when a secret is created')
    }
    const record: SecretRecord = existing ?? {
      name,
      versions: [],
      tags: { ...options.tags },
      rotationDays: undefined,
      lastRotated: undefined,
      created: new Date(this.now()),
    }
    if (options.rotationDays !== undefined) record.rotationDays = options.rotationDays
    this.secrets.set(name, record)
    const id = this.addVersion(record, value, [])
    this.moveStage(record, CURRENT, id)
    return id
  }

  /**
   * A rotation: createSecret stages the new value AWSPENDING; finishSecret moves AWSCURRENT to it,
   * the old current becomes AWSPREVIOUS and AWSPENDING is removed. `finish: false` stops after createSecret.
   */
  rotate(name: string, value: string | Uint8Array, finish = true): string {
    checkValueSize(name, value, 'memory')
    const record = this.record(name)
    const pending = this.addVersion(record, value, [])
    this.setStage(record, PENDING, pending)
    if (finish) this.finishRotation(record, pending)
    return pending
  }

  finishRotation(record: SecretRecord, pendingId: string): void {
    this.moveStage(record, CURRENT, pendingId)
    this.version(record, pendingId).stages = this.version(record, pendingId).stages.filter(
      (s) => s !== PENDING,
    )
    record.lastRotated = new Date(this.now())
  }

  read(
    name: string,
    options: { versionStage?: string | undefined; versionId?: string | undefined },
  ): {
    record: SecretRecord
    version: SecretVersion
  } {
    const record = this.record(name)
    const version = options.versionId
      ? record.versions.find((v) => v.id === options.versionId)
      : record.versions.find((v) => v.stages.includes(options.versionStage ?? CURRENT))
    if (!version) {
      const which = options.versionId
        ? `version id "${options.versionId}"`
        : `stage ${options.versionStage ?? CURRENT}`
      throw notFound(name, `secret "${name}" has no ${which}`)
    }
    return { record, version }
  }

  setRotation(name: string, days: number | undefined): void {
    this.record(name).rotationDays = days
  }

  delete(name: string): void {
    this.record(name)
    this.secrets.delete(name)
  }

  rotatesAt(record: SecretRecord): Date | undefined {
    if (record.rotationDays === undefined) return undefined
    const from = (record.lastRotated ?? record.created).getTime()
    return new Date(from + record.rotationDays * 86_400_000)
  }

  toEntry(record: SecretRecord, version: SecretVersion): Entry {
    const entry: Entry = {
      name: record.name,
      value: version.value,
      type: typeof version.value === 'string' ? 'Secret' : 'Binary',
      version: version.id,
      stages: [...version.stages],
      lastModified: version.created,
      sensitive: true,
    }
    const rotatesAt = this.rotatesAt(record)
    if (rotatesAt) entry.rotatesAt = rotatesAt
    return entry
  }

  private record(name: string): SecretRecord {
    const record = this.secrets.get(name)
    if (!record) throw notFound(name, `secret "${name}" not found`)
    return record
  }

  private version(record: SecretRecord, id: string): SecretVersion {
    return record.versions.find((v) => v.id === id)!
  }

  private addVersion(record: SecretRecord, value: string | Uint8Array, stages: string[]): string {
    const id = this.newId()
    const copy = typeof value === 'string' ? value : new Uint8Array(value)
    record.versions.push({ id, value: copy, stages, created: new Date(this.now()) })
    // Versions without any stage are deprecated; the oldest of them go once 100 are kept.
    while (record.versions.length > SECRETS_LIMITS.versionsKept) {
      const index = record.versions.findIndex((v) => v.stages.length === 0)
      if (index === -1) break
      record.versions.splice(index, 1)
    }
    return id
  }

  /** Moves AWSCURRENT to `id`; the version that had it becomes AWSPREVIOUS. */
  private moveStage(record: SecretRecord, stage: typeof CURRENT, id: string): void {
    const holder = record.versions.find((v) => v.stages.includes(stage))
    if (holder && holder.id !== id) {
      holder.stages = holder.stages.filter((s) => s !== stage)
      this.setStage(record, PREVIOUS, holder.id)
    }
    this.setStage(record, stage, id)
  }

  private setStage(record: SecretRecord, stage: string, id: string): void {
    for (const v of record.versions) v.stages = v.stages.filter((s) => s !== stage)
    this.version(record, id).stages.push(stage)
  }
}
