import type { MemberState } from './member-circuit.js'

export interface FailoverOptions {
  /** Consecutive transport failures that pass reads over a member (a call timeout does at once). Default 3. */
  failures?: number
  /** How often a member that was passed over is probed again, in the background. Default 2 s. */
  probeMs?: number
  /** Budget of one background probe call. Default 2 s. */
  probeTimeoutMs?: number
  /** The backend's name; by default `failover(primary,replica,...)`. */
  name?: string
}

export const failoverDefaults = { failures: 3, probeMs: 2_000, probeTimeoutMs: 2_000 } as const

/** Why reads moved from one member to another. */
export type FailoverReason = 'timeout' | 'unavailable' | 'throttled' | 'recovered'

export type FailoverEvent =
  | {
      kind: 'switch'
      /** The member that served the reads before. */
      from: string
      /** The member that serves them now. */
      to: string
      reason: FailoverReason
      /** The failure that passed `from` over, when there is one. */
      cause?: Error
    }
  | {
      /** A replica answered NotFound for a name the primary holds: it lacks a copy. */
      kind: 'misconfigured'
      replica: string
      primary: string
      key: string
    }

export type FailoverListener = (event: FailoverEvent) => void

export interface FailoverMemberStats {
  name: string
  state: MemberState
  /** Calls made to it, probes included. */
  calls: number
  /** Background probes started. */
  probes: number
}

export interface FailoverStats {
  /** The member that served the last read. */
  serving: string
  /** How many times reads moved from one member to another. */
  switches: number
  /** Names a replica answered NotFound for while the primary holds them. */
  misconfigured: number
  members: FailoverMemberStats[]
}
