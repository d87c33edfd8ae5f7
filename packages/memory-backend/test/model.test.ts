import { NotFoundError, ValidationError } from '@paramkit/core'
import { type MemoryBackend, memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/** The reference: what Parameter Store and Secrets Manager promise, written as plainly as possible. */
type ModelEntry =
  | {
      kind: 'param'
      type: 'String' | 'SecureString'
      versions: { n: number; value: string; labels: string[] }[]
    }
  | { kind: 'secret'; versions: { value: string; stages: string[] }[] }
type Model = Map<string, ModelEntry>
type Real = MemoryBackend

const NAMES = ['/m/a', '/m/b', '/m/c/d', '/m/c/e']
const LABELS = ['blue', 'green']
const outcome = async <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({
      ok: false as const,
      error:
        error instanceof NotFoundError
          ? 'NotFound'
          : error instanceof ValidationError
            ? 'Validation'
            : String(error),
    }),
  )

class Put implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly value: string,
    readonly type: 'String' | 'SecureString' | 'Secret',
    readonly overwrite: boolean,
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const result = await outcome(r.put(this.name, this.value, { type: this.type, overwrite: this.overwrite }))
    const existing = m.get(this.name)
    const isSecret = this.type === 'Secret'
    if ((existing && !this.overwrite) || (existing && (existing.kind === 'secret') !== isSecret)) {
      expect(result).toEqual({ ok: false, error: 'Validation' })
      return
    }
    expect(result.ok).toBe(true)
    if (isSecret) {
      const entry = (existing as Extract<ModelEntry, { kind: 'secret' }>) ?? { kind: 'secret', versions: [] }
      moveCurrent(entry)
      entry.versions.push({ value: this.value, stages: ['AWSCURRENT'] })
      m.set(this.name, entry)
    } else {
      const entry = (existing as Extract<ModelEntry, { kind: 'param' }>) ?? {
        kind: 'param',
        type: this.type as 'String',
        versions: [],
      }
      entry.type = this.type as 'String' | 'SecureString'
      entry.versions.push({ n: entry.versions.length + 1, value: this.value, labels: [] })
      m.set(this.name, entry)
      expect(result.ok && result.value.version).toBe(String(entry.versions.length))
    }
  }
  toString = () => `put(${this.name}, ${this.value}, ${this.type}, overwrite=${this.overwrite})`
}

function moveCurrent(entry: Extract<ModelEntry, { kind: 'secret' }>): void {
  for (const v of entry.versions) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS')
  for (const v of entry.versions) {
    if (v.stages.includes('AWSCURRENT'))
      v.stages = [...v.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS']
  }
}

class Get implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly selector: string,
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const result = await outcome(r.get(this.name + this.selector))
    const entry = m.get(this.name)
    let expected: string | undefined
    if (entry?.kind === 'param') {
      const sel = this.selector.slice(1)
      const version =
        sel === ''
          ? entry.versions.at(-1)
          : /^\d+$/.test(sel)
            ? entry.versions.find((v) => v.n === Number(sel))
            : entry.versions.find((v) => v.labels.includes(sel))
      expected = version?.value
    } else if (entry?.kind === 'secret' && this.selector === '') {
      expected = entry.versions.find((v) => v.stages.includes('AWSCURRENT'))?.value
    } else if (entry?.kind === 'secret') {
      expected = entry.versions.find((v) => v.stages.includes(this.selector.slice(1)))?.value
    }
    if (expected === undefined) expect(result).toEqual({ ok: false, error: 'NotFound' })
    else expect(result.ok && result.value.value).toBe(expected)
  }
  toString = () => `get(${this.name}${this.selector})`
}

class List implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly path: string,
    readonly recursive: boolean,
    readonly pageSize: number,
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const seen: string[] = []
    for await (const page of r.list(this.path, { recursive: this.recursive, pageSize: this.pageSize })) {
      expect(page.entries.length).toBeLessThanOrEqual(this.pageSize)
      seen.push(...page.entries.map((e) => e.name))
    }
    const prefix = `${this.path}/`
    const expected = [...m.keys()]
      .filter((n) => n.startsWith(prefix) && (this.recursive || !n.slice(prefix.length).includes('/')))
      .sort()
    expect(seen).toEqual(expected)
  }
  toString = () => `list(${this.path}, recursive=${this.recursive}, pageSize=${this.pageSize})`
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(readonly name: string) {}
  check = () => true
  async run(m: Model, r: Real) {
    const result = await outcome(r.delete(this.name))
    expect(result.ok).toBe(m.delete(this.name))
  }
  toString = () => `delete(${this.name})`
}

class Label implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly version: number,
    readonly label: string,
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const result = await outcome(r.label(this.name, this.version, [this.label]))
    const entry = m.get(this.name)
    const target = entry?.kind === 'param' ? entry.versions.find((v) => v.n === this.version) : undefined
    if (!target || entry?.kind !== 'param') return expect(result).toEqual({ ok: false, error: 'NotFound' })
    expect(result.ok).toBe(true)
    for (const v of entry.versions) v.labels = v.labels.filter((l) => l !== this.label)
    target.labels.push(this.label)
  }
  toString = () => `label(${this.name}, ${this.version}, ${this.label})`
}

class Rotate implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly value: string,
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const result = await outcome(r.rotate(this.name, this.value))
    const entry = m.get(this.name)
    if (entry?.kind !== 'secret') return expect(result).toEqual({ ok: false, error: 'NotFound' })
    expect(result.ok).toBe(true)
    for (const v of entry.versions) v.stages = v.stages.filter((s) => s !== 'AWSPENDING')
    moveCurrent(entry)
    entry.versions.push({ value: this.value, stages: ['AWSCURRENT'] })
  }
  toString = () => `rotate(${this.name}, ${this.value})`
}

const name = fc.constantFrom(...NAMES)
const value = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', '1', ' '), minLength: 1, maxLength: 8 })
const commands = [
  fc
    .tuple(
      name,
      value,
      fc.constantFrom('String' as const, 'SecureString' as const, 'Secret' as const),
      fc.boolean(),
    )
    .map((a) => new Put(...a)),
  fc
    .tuple(name, fc.constantFrom('', ':1', ':2', ':3', ':blue', ':green', ':old'))
    .map(([n, s]) => new Get(n, s)),
  fc
    .tuple(fc.constantFrom('/m', '/m/c'), fc.boolean(), fc.integer({ min: 1, max: 10 }))
    .map((a) => new List(...a)),
  name.map((n) => new Delete(n)),
  fc.tuple(name, fc.integer({ min: 1, max: 4 }), fc.constantFrom(...LABELS)).map((a) => new Label(...a)),
  fc.tuple(name, value).map((a) => new Rotate(...a)),
]

describe('memory backend against a reference model', () => {
  it('agrees on every put, get, list, delete, label and rotate in random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { size: '+1' }), async (cmds) => {
        await fc.asyncModelRun(() => ({ model: new Map(), real: memoryBackend() }), cmds)
      }),
      { numRuns: 200 },
    )
  })
})
