import { readFile } from 'node:fs/promises'
import type { Backend, Entry, EntryType } from '@paramkit/core/backend'
import { flattenSeed, memoryBackend } from '@paramkit/memory-backend'
import { isPlaceholder } from '../fixture.js'

/** One value the fixture asks for: the current (last) version of each entry. */
export interface Wanted {
  name: string
  type: EntryType
  value: string | Uint8Array
}

export type Action = 'create' | 'update' | 'unchanged' | 'skipped'

export interface Step extends Wanted {
  action: Action
  /** Why a step is skipped. */
  reason?: string
}

/** Which AWS service a name is written to: types are adapted to what it can hold. */
export type Target = 'ssm' | 'secrets-manager' | 'memory'

/**
 * Reads a fixture exactly as `memoryBackend.fromFile` does (its errors name the file and the JSON
 * path, and never quote the file's text, which may hold secrets), then takes each entry's current value.
 */
export async function readFixture(file: string): Promise<Wanted[]> {
  await memoryBackend.fromFile(file)
  const data: unknown = JSON.parse(await readFile(file, 'utf8'))
  return flattenSeed(data, file).map(({ name, spec }) => {
    const last = spec.versions?.[spec.versions.length - 1] ?? spec
    const value = last.base64 !== undefined ? new Uint8Array(Buffer.from(last.base64, 'base64')) : last.value!
    return { name, type: spec.type ?? 'String', value }
  })
}

/** The type a value gets in its target: Parameter Store keeps secrets as SecureString, Secrets Manager everything as Secret. */
export function adaptType(type: EntryType, target: Target): EntryType | undefined {
  if (target === 'memory') return type
  if (target === 'ssm') return type === 'Binary' ? undefined : type === 'Secret' ? 'SecureString' : type
  return type === 'Binary' ? 'Binary' : 'Secret'
}

export interface PlanOptions {
  overwrite: boolean
  targetOf: (name: string) => Target
}

/**
 * What pushing the fixture would do, from one batched read of the names it holds. Secrets are
 * compared in memory and never shown; placeholders are never written.
 */
export async function makePlan(
  backend: Backend,
  wanted: readonly Wanted[],
  options: PlanOptions,
): Promise<Step[]> {
  const names = wanted.map((w) => w.name)
  const { entries } = names.length ? await backend.getMany(names, { withDecryption: true }) : { entries: [] }
  const current = new Map(entries.map((e) => [e.name, e]))
  return wanted.map((w) => decide(w, current.get(w.name), backend, options))
}

function decide(w: Wanted, existing: Entry | undefined, backend: Backend, options: PlanOptions): Step {
  const target = options.targetOf(w.name)
  const type = adaptType(w.type, target)
  const skip = (reason: string): Step => ({ ...w, action: 'skipped', reason })
  if (type === undefined) return skip(`${target} cannot hold ${w.type} values`)
  if (isPlaceholder(w.value)) return skip('placeholder, not a value (pull with --secrets include, or set it)')
  const size = typeof w.value === 'string' ? Buffer.byteLength(w.value) : w.value.byteLength
  if (size > backend.capabilities.maxValueBytes)
    return skip(`${size} bytes is over the ${backend.capabilities.maxValueBytes}-byte limit`)
  const step = { ...w, type }
  if (!existing) return { ...step, action: 'create' }
  if (existing.type === type && sameValue(existing.value, w.value)) return { ...step, action: 'unchanged' }
  if (!options.overwrite)
    return {
      ...step,
      action: 'skipped',
      reason: 'exists with another value or type (--overwrite replaces it)',
    }
  return { ...step, action: 'update' }
}

function sameValue(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b
  return Buffer.from(a).equals(Buffer.from(b))
}

export function summarise(steps: readonly Step[]): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, unchanged: 0, skipped: 0 }
  for (const s of steps) counts[s.action]++
  return counts
}
