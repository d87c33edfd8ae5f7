// Shared by the concurrent model tests: the history of every value a name held, and a driver that runs
// fast-check's scheduler and vitest's fake clock together.
import type fc from 'fast-check'
import { vi } from 'vitest'

/** Every value a name ever had, with the virtual times it was current (inclusive at both ends). */
export class History {
  private readonly versions = new Map<
    string,
    { version: number; value: string; from: number; to: number }[]
  >()

  write(name: string, now: number): string {
    const list = this.versions.get(name) ?? []
    const last = list[list.length - 1]
    if (last) last.to = now
    const version = (last?.version ?? 0) + 1
    const value = `${name}=${version}`
    list.push({ version, value, from: now, to: Number.POSITIVE_INFINITY })
    this.versions.set(name, list)
    return value
  }

  current(name: string): number {
    return this.versions.get(name)?.at(-1)?.version ?? 0
  }

  /** The name's value now. */
  latest(name: string): string | undefined {
    return this.versions.get(name)?.at(-1)?.value
  }

  /** Whether `value` was the name's value at some virtual time in [from, to]. */
  heldWithin(name: string, value: string, from: number, to: number): boolean {
    return (this.versions.get(name) ?? []).some((v) => v.value === value && v.from <= to && v.to >= from)
  }
}

/** The whole chain of causes of an error, the error first. */
export function causes(error: unknown): unknown[] {
  const chain: unknown[] = []
  for (let e = error; e !== undefined && chain.length < 10; e = (e as { cause?: unknown }).cause)
    chain.push(e)
  return chain
}

/** One real turn of the event loop: `setImmediate` work (the batcher's flush) runs. */
const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Drives a run under vitest's fake clock (`setTimeout`, `Date`...) and fast-check's scheduler: while a
 * scheduled task waits, the scheduler releases one (in the order it picks); only when none waits does
 * virtual time move, to the next timer, so every timeout fires at its exact virtual time and nothing
 * else can happen in between.
 */
export class Driver {
  constructor(private readonly s: fc.Scheduler) {}

  /** Runs until `done()` holds; false if it still does not after `limitMs` of virtual time. */
  async until(done: () => boolean, limitMs: number, onStep?: () => void): Promise<boolean> {
    const end = Date.now() + limitMs
    // A timer at the limit, so the clock never jumps past it.
    const limit = setTimeout(() => undefined, limitMs)
    try {
      for (;;) {
        await macrotask()
        onStep?.()
        if (done()) return true
        if (this.s.count() > 0) {
          await this.s.waitOne()
          continue
        }
        // Work queued behind this turn (a batch a read just asked for) runs before the clock moves.
        await macrotask()
        if (done() || this.s.count() > 0) continue
        if (Date.now() >= end) return false
        const before = Date.now()
        await vi.advanceTimersToNextTimerAsync()
        // A timer under 1 ms fires at once on the fake clock; Node gives it 1 ms, so time moves on as it would.
        if (Date.now() === before) await vi.advanceTimersByTimeAsync(1)
      }
    } finally {
      clearTimeout(limit)
    }
  }

  /** Lets `ms` of virtual time pass, running whatever is due meanwhile. */
  async pass(ms: number, onStep?: () => void): Promise<void> {
    const end = Date.now() + ms
    await this.until(() => Date.now() >= end, ms, onStep)
  }

  /** Waits for every promise to settle; the indexes of those still pending after `limitMs` (none: all settled). */
  async settle(promises: Promise<unknown>[], limitMs: number, onStep?: () => void): Promise<number[]> {
    const pending = new Set(promises.map((_, i) => i))
    promises.forEach((p, i) => {
      const done = () => pending.delete(i)
      p.then(done, done)
    })
    await this.until(() => pending.size === 0, limitMs, onStep)
    return [...pending]
  }
}

/** A virtual-time sleep (under fake timers). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Every leaf of a tree as [full name, text]: a Secret is revealed. */
export function leaves(tree: Record<string, unknown>, path: string): [string, unknown][] {
  return Object.entries(tree).flatMap(([level, child]): [string, unknown][] => {
    const name = `${path}/${level}`
    if (typeof (child as { reveal?: unknown })?.reveal === 'function')
      return [[name, (child as { reveal(): string }).reveal()]]
    if (typeof child === 'object' && child !== null) return leaves(child as Record<string, unknown>, name)
    return [[name, child]]
  })
}
