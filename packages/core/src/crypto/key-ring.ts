import { DataKeyGoneError, type KeyProviderStats } from './key-provider.js'

export interface RotationPolicy {
  /** Milliseconds a data key seals new values before it is retired. */
  maxKeyAge: number
  /** Seals under one data key before it is retired. */
  maxSealsPerKey: number
}

export const defaultRotationPolicy: RotationPolicy = {
  maxKeyAge: 60 * 60 * 1000,
  maxSealsPerKey: 1_000_000,
}

export interface RingKey {
  id: string
  key: Uint8Array
  createdAt: number
  seals: number
  refs: number
  retired: boolean
}

/**
 * Book-keeping shared by key providers: which key is current, when it must rotate,
 * how many cached values use each key, and zeroing retired keys once nothing uses them.
 */
export class KeyRing {
  readonly keys = new Map<string, RingKey>()
  current: RingKey | undefined
  private readonly counters = { generated: 0, rotations: 0, zeroed: 0 }

  constructor(
    private readonly policy: RotationPolicy,
    private readonly now: () => number,
  ) {}

  /** True when there is no current key or it has reached its age or seal limit. */
  needsRotation(): boolean {
    const current = this.current
    if (!current) return true
    return (
      current.seals >= this.policy.maxSealsPerKey || this.now() - current.createdAt >= this.policy.maxKeyAge
    )
  }

  install(id: string, key: Uint8Array): RingKey {
    if (this.current) {
      this.counters.rotations++
      this.retire(this.current)
    }
    const entry: RingKey = { id, key, createdAt: this.now(), seals: 0, refs: 0, retired: false }
    this.keys.set(id, entry)
    this.current = entry
    this.counters.generated++
    return entry
  }

  /** Counts one seal under `entry` and retains it for the sealer, in one step (see KeyProvider.keyForSeal). */
  takeForSeal(entry: RingKey): void {
    entry.seals++
    entry.refs++
  }

  get(id: string): RingKey {
    const entry = this.keys.get(id)
    if (!entry) throw new DataKeyGoneError(id)
    return entry
  }

  retain(id: string): void {
    const entry = this.keys.get(id)
    if (entry) entry.refs++
  }

  release(id: string): void {
    const entry = this.keys.get(id)
    if (!entry) return
    entry.refs = Math.max(0, entry.refs - 1)
    if (entry.retired && entry.refs === 0) this.zero(entry)
  }

  stats(): KeyProviderStats {
    return { ...this.counters, live: this.keys.size }
  }

  zeroAll(): void {
    for (const entry of [...this.keys.values()]) this.zero(entry)
    this.current = undefined
  }

  private retire(entry: RingKey): void {
    entry.retired = true
    if (entry.refs === 0) this.zero(entry)
  }

  private zero(entry: RingKey): void {
    entry.key.fill(0)
    this.keys.delete(entry.id)
    this.counters.zeroed++
    if (this.current === entry) this.current = undefined
  }
}
