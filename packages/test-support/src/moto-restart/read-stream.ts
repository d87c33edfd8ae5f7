import type { ConfigClient } from '@paramkit/core'
import { BackendUnavailableError, TimeoutError } from '@paramkit/core'
import { expect } from 'vitest'
import { COLD_PER_TICK, sleep, TICK_MS, TRANSPORT } from './budgets.js'
import { textOf, textsOf } from './text.js'

/** One read a test made, when it started and settled, and with what. */
export interface Read {
  kind: 'warm' | 'many' | 'cold'
  keys: string[]
  startedAt: number
  endedAt?: number
  values?: string[]
  error?: Error
}

/** The transport error code under a paramkit error: its cause, or the cause's cause, and so on. */
export function transportCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && TRANSPORT.has(e.code)) return e.code
  }
  return undefined
}

/**
 * A steady stream of concurrent reads on one config client, every turn without waiting for the last:
 * each warm key, a getMany of two warm keys, and the next `COLD_PER_TICK` of `cold` (cycled). Records
 * when each read started and settled, and with what.
 */
export class ReadStream {
  readonly reads: Read[] = []
  cold: readonly string[]
  private next = 0
  private running = true
  private readonly pending = new Set<Promise<void>>()
  private readonly loop: Promise<void>

  constructor(
    private readonly config: ConfigClient,
    private readonly warm: readonly string[],
    cold: readonly string[],
  ) {
    this.cold = cold
    this.loop = this.run()
  }

  private async run(): Promise<void> {
    while (this.running) {
      for (const key of this.warm) this.track('warm', [key], async () => [await textOf(this.config, key)])
      const two = this.warm.slice(0, 2)
      if (two.length > 0)
        this.track('many', two, async () => {
          const values = await textsOf(this.config, two)
          return two.map((k) => values[k])
        })
      for (let i = 0; i < COLD_PER_TICK && this.cold.length > 0; i++) {
        const key = this.cold[this.next++ % this.cold.length]!
        this.track('cold', [key], async () => [await textOf(this.config, key)])
      }
      await sleep(TICK_MS)
    }
  }

  private track(kind: Read['kind'], keys: string[], read: () => Promise<(string | undefined)[]>): void {
    const record: Read = { kind, keys, startedAt: performance.now() }
    this.reads.push(record)
    const done: Promise<void> = read()
      .then(
        (values) => {
          record.values = values.map(String)
        },
        (error: Error) => {
          record.error = error
        },
      )
      .finally(() => {
        record.endedAt = performance.now()
        this.pending.delete(done)
      })
    this.pending.add(done)
  }

  /** Stops starting reads; resolves once every read started has settled. */
  async stop(): Promise<void> {
    this.running = false
    await this.loop
    await Promise.all([...this.pending])
  }
}

/** How long each read took, and the longest. */
export function settleTimes(reads: readonly Read[]): { max: number; unsettled: number } {
  let max = 0
  let unsettled = 0
  for (const read of reads) {
    if (read.endedAt === undefined) unsettled++
    else max = Math.max(max, read.endedAt - read.startedAt)
  }
  return { max: Math.round(max), unsettled }
}

/** Asserts a failed read's error is typed as an outage: unavailable with a transport cause, or a timeout. */
export function expectOutageError(read: Read, allowed: ReadonlySet<string> = TRANSPORT): void {
  const error = read.error
  expect(error, `${read.kind} read of ${read.keys.join(', ')} gave a value during the outage`).toBeDefined()
  const code = (error as { code?: string }).code
  expect(['BACKEND_UNAVAILABLE', 'TIMEOUT'], `${read.keys} failed as ${code}: ${error!.message}`).toContain(
    code,
  )
  if (code === 'BACKEND_UNAVAILABLE') {
    expect(error).toBeInstanceOf(BackendUnavailableError)
    const cause = transportCode(error)
    expect(cause && allowed.has(cause), `${error!.message} has no transport cause (${cause})`).toBe(true)
  } else expect(error).toBeInstanceOf(TimeoutError)
}
