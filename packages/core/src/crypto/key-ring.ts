import { ValidationError } from '../errors.js'
import { DataKeyGoneError, type KeyProviderStats } from './key-provider.js'
import { type KeyGuard, keyGuard } from './sodium/key-guard.js'

export interface RotationPolicy {
  /** Milliseconds a data key seals new values before it is retired. */
  maxKeyAge: number
  /** Seals under one data key before it is retired. */
  maxSealsPerKey: number
}

/**
 * The most seals one data key may make. AES-256-GCM with random 96-bit nonces: after q seals the
 * chance that two share a nonce is about q²/2^97, and NIST SP 800-38D stops at 2^32 seals per key
 * (chance 2^-33). 2^24 keeps it under 2^-49; the default of 10^6 (< 2^20) keeps it under 2^-57.
 */
export const MAX_SEALS_PER_KEY = 2 ** 24

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
  /** Guarded keys only: marked no-access (idle since the last sweep). */
  idle?: boolean
  /** Guarded keys only: taken since the last sweep. */
  used?: boolean
  /** Zeroed by `wipe` until `rekey`: nothing to lock, so it stays readable (and all zero). */
  wiped?: boolean
}

/**
 * How often guarded keys not used since the previous sweep are marked no-access. Not around every open:
 * an mprotect pair costs several times a 64 B libsodium open (see SECURITY.md), so a busy key stays
 * read-only and a key idle for 1 to 2 s is locked; its next use pays one mprotect.
 */
export const IDLE_SWEEP_MS = 1000

/**
 * Book-keeping shared by key providers: which key is current, when it must rotate,
 * how many cached values use each key, and zeroing retired keys once nothing uses them.
 * With libsodium the keys live in guarded memory (sodium/key-guard.ts): read them only through
 * `access`, `takeForSeal`, `wipe` and `rekey`, never `entry.key` directly (a no-access key crashes).
 */
export class KeyRing {
  readonly keys = new Map<string, RingKey>()
  current: RingKey | undefined
  private readonly counters = { generated: 0, rotations: 0, zeroed: 0 }
  private sweeper: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly policy: RotationPolicy,
    private readonly now: () => number,
    /** null: keys stay plain arrays (the fallback path); left out, libsodium's guard when the first key is made. */
    private guardChoice?: KeyGuard | null,
  ) {
    checkSealLimit(policy.maxSealsPerKey)
  }

  // Resolved on first use: loading sodium-native costs a cold start ~10 ms, not owed before a key exists.
  private get guard(): KeyGuard | null {
    if (this.guardChoice === undefined) this.guardChoice = keyGuard() ?? null
    return this.guardChoice
  }

  /** Whether keys live in libsodium's guarded memory. */
  get guarded(): boolean {
    return this.guard !== null
  }

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
    const guarded = this.guard?.adopt(key)
    const entry: RingKey = {
      id,
      key: guarded ?? key,
      createdAt: this.now(),
      seals: 0,
      refs: 0,
      retired: false,
    }
    if (guarded) {
      entry.used = true
      this.startSweeper()
    }
    this.keys.set(id, entry)
    this.current = entry
    this.counters.generated++
    return entry
  }

  /** Counts one seal under `entry` and retains it for the sealer, in one step (see KeyProvider.keyForSeal). */
  takeForSeal(entry: RingKey): Uint8Array {
    entry.seals++
    entry.refs++
    return this.access(entry)
  }

  /** The key's bytes, readable until the next sweep at the earliest: use them now, do not keep them. */
  access(entry: RingKey): Uint8Array {
    if (entry.idle) {
      this.guard!.readonly(entry.key)
      entry.idle = false
    }
    entry.used = true
    return entry.key
  }

  /** Zeroes a key that stays in the ring (a KMS key dropped while idle, to be restored by `rekey`). */
  wipe(entry: RingKey): void {
    if (this.guard) {
      this.guard.zero(entry.key)
      entry.idle = false
      entry.wiped = true
    } else entry.key.fill(0)
  }

  /** Puts the key's bytes back after `wipe` (the caller's copy is zeroed when the key is guarded). */
  rekey(entry: RingKey, key: Uint8Array): void {
    if (!this.guard) {
      entry.key = key
      return
    }
    this.guard.overwrite(entry.key, key)
    entry.idle = false
    entry.wiped = false
    entry.used = true
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
    if (this.sweeper) clearInterval(this.sweeper)
    this.sweeper = undefined
  }

  /** Marks guarded keys not taken since the last sweep no-access. */
  sweep(): void {
    for (const entry of this.keys.values()) {
      if (entry.idle || entry.wiped) continue
      if (entry.used) entry.used = false
      else {
        this.guard!.noaccess(entry.key)
        entry.idle = true
      }
    }
  }

  private startSweeper(): void {
    if (this.sweeper) return
    this.sweeper = setInterval(() => this.sweep(), IDLE_SWEEP_MS)
    this.sweeper.unref?.()
  }

  private retire(entry: RingKey): void {
    entry.retired = true
    if (entry.refs === 0) this.zero(entry)
  }

  private zero(entry: RingKey): void {
    this.wipe(entry)
    this.keys.delete(entry.id)
    this.counters.zeroed++
    if (this.current === entry) this.current = undefined
  }
}

function checkSealLimit(maxSealsPerKey: number): void {
  if (Number.isInteger(maxSealsPerKey) && maxSealsPerKey >= 1 && maxSealsPerKey <= MAX_SEALS_PER_KEY) return
  throw new ValidationError(
    `maxSealsPerKey must be a whole number from 1 to ${MAX_SEALS_PER_KEY} (2^24): random 96-bit nonces repeat too likely beyond it (rule: max-seals-per-key)`,
    { operation: 'key', rule: 'max-seals-per-key' },
  )
}
