import { validateName } from '@paramkit/aws'
import { ValidationError } from '@paramkit/core'
import type { EntryType } from '@paramkit/core/backend'

/** One version in the object form. */
export interface VersionSpec {
  value?: string
  /** Binary secrets: the bytes as base64. */
  base64?: string
  labels?: string[]
  stages?: string[]
}

/** The object form of one entry. */
export interface EntrySpec extends VersionSpec {
  type?: EntryType
  tags?: Record<string, string>
  tier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering'
  rotationDays?: number
  /** Oldest first; replaces `value` when given. */
  versions?: VersionSpec[]
}

/**
 * The seed and file format: flat names to strings (`String`), string arrays (`StringList`) or
 * `EntrySpec` objects, or nested plain objects under a prefix whose keys become levels.
 */
export type SeedData = { [nameOrLevel: string]: string | string[] | EntrySpec | SeedData }

const ENTRY_TYPES: readonly EntryType[] = ['String', 'StringList', 'SecureString', 'Secret', 'Binary']
const DATA_KEYS = ['value', 'base64', 'versions'] as const

export interface FlatEntry {
  name: string
  spec: EntrySpec
}

/** Flattens seed data into one spec per full name; errors name the source and the JSON path. */
export function flattenSeed(data: unknown, source = 'seed'): FlatEntry[] {
  const out: FlatEntry[] = []
  const fail = (path: string, rule: string, message: string, key?: string): never => {
    throw new ValidationError(`${source} at ${path}: ${message} (rule: ${rule})`, {
      ...(key ? { key } : {}),
      backend: 'memory',
      operation: 'validate',
      rule,
    })
  }
  if (!isPlainObject(data)) fail('$', 'seed-shape', 'expected a JSON object of names')

  const visit = (name: string, value: unknown, path: string): void => {
    if (typeof value === 'string') {
      add(name, { type: 'String', value }, path)
    } else if (Array.isArray(value)) {
      if (!value.every((v) => typeof v === 'string'))
        fail(path, 'seed-type', 'a list must hold only strings', name)
      add(name, { type: 'StringList', value: value.join(',') }, path)
    } else if (!isPlainObject(value)) {
      fail(path, 'seed-type', `expected a string, list or object, got ${kind(value)}`, name)
    } else if (DATA_KEYS.some((k) => k in value)) {
      // An object carrying a value is one entry; any other object is a level of the hierarchy.
      add(name, checkSpec(name, value, path), path)
    } else {
      for (const [child, childValue] of Object.entries(value)) {
        visit(
          name === '/' ? `/${child}` : `${name}/${child}`,
          childValue,
          `${path}[${JSON.stringify(child)}]`,
        )
      }
    }
  }

  const add = (name: string, spec: EntrySpec, path: string): void => {
    try {
      validateName(name, { mode: 'write' })
    } catch (error) {
      fail(path, (error as ValidationError).rule ?? 'name', `invalid name: ${(error as Error).message}`, name)
    }
    out.push({ name, spec })
  }

  const checkSpec = (name: string, spec: Record<string, unknown>, path: string): EntrySpec => {
    const type = spec.type ?? 'String'
    if (typeof type !== 'string' || !ENTRY_TYPES.includes(type as EntryType)) {
      fail(`${path}.type`, 'seed-type', `type must be one of ${ENTRY_TYPES.join(', ')}`, name)
    }
    const versions = spec.versions ?? [
      { value: spec.value, base64: spec.base64, labels: spec.labels, stages: spec.stages },
    ]
    if (!Array.isArray(versions) || versions.length === 0)
      fail(`${path}.versions`, 'seed-type', 'versions must be a non-empty list', name)
    ;(versions as unknown[]).forEach((v, i) => {
      const at = spec.versions ? `${path}.versions[${i}]` : path
      if (!isPlainObject(v)) {
        fail(at, 'seed-type', 'a version must be an object', name)
        return
      }
      if (typeof v.value !== 'string' && typeof v.base64 !== 'string')
        fail(at, 'seed-type', 'value must be a string', name)
      for (const field of ['labels', 'stages'] as const) {
        const list = v[field]
        if (list !== undefined && !(Array.isArray(list) && list.every((l) => typeof l === 'string'))) {
          fail(`${at}.${field}`, 'seed-type', `${field} must be a list of strings`, name)
        }
      }
    })
    if (
      spec.tags !== undefined &&
      !(isPlainObject(spec.tags) && Object.values(spec.tags).every((t) => typeof t === 'string'))
    ) {
      fail(`${path}.tags`, 'seed-type', 'tags must map strings to strings', name)
    }
    if (
      spec.rotationDays !== undefined &&
      !(Number.isInteger(spec.rotationDays) && (spec.rotationDays as number) > 0)
    ) {
      fail(`${path}.rotationDays`, 'seed-type', 'rotationDays must be a positive whole number', name)
    }
    return { ...(spec as EntrySpec), type: type as EntryType, versions: versions as VersionSpec[] }
  }

  for (const [name, value] of Object.entries(data as Record<string, unknown>))
    visit(name, value, `$[${JSON.stringify(name)}]`)
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}
