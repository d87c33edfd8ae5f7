import type { FailoverEvent, FailoverStats } from './failover/events.js'
import type { NameCheck } from './names.js'

export type EntryType = 'String' | 'StringList' | 'SecureString' | 'Secret' | 'Binary'

/** One stored value as every backend returns it. */
export interface Entry {
  /** Full name without selector, e.g. `/prod/order-api/database/host`. */
  name: string
  value: string | Uint8Array
  type: EntryType
  /** The `:3` or `:label` selector this entry was read with, if any (as SSM's `Selector`). */
  selector?: string
  /** Version as the backend knows it: a number in Parameter Store, a version id in Secrets Manager. */
  version: string
  /** Secrets Manager staging labels of this version (`AWSCURRENT`, ...). */
  stages?: string[]
  /** Parameter Store labels of this version. */
  labels?: string[]
  lastModified?: Date
  /** When the value is due to rotate; the cache never serves it past this time without checking again. */
  rotatesAt?: Date
  /** When a Parameter Store Expiration policy deletes it; the cache never serves it past this time. */
  expiresAt?: Date
  /** True for SecureString, Secret and anything else that must never be shown or left unsealed. */
  sensitive: boolean
  /** The member of `failoverBackends` that answered (e.g. `ssm(us-west-2)`), when there is a choice. */
  servedBy?: string
}

/** What a backend can do. A conformance suite leaves out what is false. */
export interface BackendCapabilities {
  /** `put` and `delete` exist. */
  write: boolean
  /** Entry types the backend can store. */
  types: readonly EntryType[]
  /** `name:3` selectors. */
  versionSelectors: boolean
  /** `name:label` selectors (Parameter Store labels). */
  labelSelectors: boolean
  /** Secrets Manager staging labels (`AWSCURRENT`, `AWSPREVIOUS`, `AWSPENDING`). */
  stages: boolean
  /** `list(path, { recursive: false })` returns only direct children. */
  nonRecursiveList: boolean
  /** Largest value it accepts, in bytes. */
  maxValueBytes: number
  /** Names `getMany` sends per backend call (10 for GetParameters, 20 for BatchGetSecretValue). */
  batchSize: number
}

export interface ReadOptions {
  /** Decrypt SecureString values (default true). */
  withDecryption?: boolean
  /** Secrets Manager staging label to read (default `AWSCURRENT`). */
  versionStage?: string
  /** Secrets Manager version id to read. */
  versionId?: string
  signal?: AbortSignal
}

export interface GetManyResult {
  /** Entries found, in no particular order. */
  entries: Entry[]
  /** Names that do not exist (not an error). */
  missing: string[]
  /** Names the backend refused as invalid. */
  invalid: string[]
}

export interface ListOptions extends ReadOptions {
  /** Include every level below the path (default true). */
  recursive?: boolean
  /** Entries per page, where the backend allows a choice. */
  pageSize?: number
}

export interface ListPage {
  entries: Entry[]
  /** Continuation token of the page after this one, if any. */
  nextToken?: string
}

export interface PutOptions {
  type?: EntryType
  overwrite?: boolean
  description?: string
  tags?: Record<string, string>
  /** KMS key for SecureString / Secret values. */
  keyId?: string
  /** Parameter Store tier; `Intelligent-Tiering` picks Advanced only above 4 KB. */
  tier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering'
  /** Secrets Manager: rotate every this many days, which sets `rotatesAt`. */
  rotationDays?: number
  /** Parameter Store policies (Advanced tier): `@paramkit/aws`'s `ParameterPolicy`, checked before any call. */
  policies?: readonly PolicyShape[]
}

/** The shape core knows of a parameter policy; the backend that takes policies checks the rest. */
export type PolicyShape = { readonly type: string; readonly [attribute: string]: unknown }

export interface PutResult {
  version: string
}

/**
 * A store of parameters. Backends only translate their API into `Entry` values and their
 * errors into paramkit's error classes: they never cache, retry on their own schedule or format values.
 */
export interface Backend {
  readonly name: string
  readonly capabilities: BackendCapabilities
  /**
   * The backend's own name rules, which core applies to every key, level and path before any call
   * (a Parameter Store backend gives `checkParameterName` from `@paramkit/aws`). Without it, core
   * checks only what every backend shares: not empty, no control characters, a well-formed hierarchy.
   */
  checkName?: NameCheck
  /** One entry; throws NotFoundError when it does not exist. */
  get(name: string, options?: ReadOptions): Promise<Entry>
  /** Many entries; missing and invalid names are reported, not thrown. */
  getMany(names: readonly string[], options?: ReadOptions): Promise<GetManyResult>
  /** Entries under `path`, a page at a time as the backend returns them. */
  list(path: string, options?: ListOptions): AsyncIterable<ListPage>
  put?(name: string, value: string | Uint8Array, options?: PutOptions): Promise<PutResult>
  delete?(name: string): Promise<void>
  /** Parameter Store labels: attach `labels` to `version` of `name` (moving them from other versions). */
  label?(name: string, version: number, labels: readonly string[]): Promise<void>
  close?(): Promise<void>
  /** `failoverBackends`: every switch between members and every misconfigured replica, as it happens. */
  onFailover?(listener: (event: FailoverEvent) => void): () => void
  /** `failoverBackends`: which member serves and how each fares; in the client's `stats().failover`. */
  failoverStats?(): FailoverStats
}

/** Capabilities of a read-only backend that understands nothing beyond plain names. */
export const minimalCapabilities: BackendCapabilities = {
  write: false,
  types: ['String'],
  versionSelectors: false,
  labelSelectors: false,
  stages: false,
  nonRecursiveList: false,
  maxValueBytes: 4096,
  batchSize: 10,
}
