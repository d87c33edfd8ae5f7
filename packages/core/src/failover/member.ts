import type { Backend } from '../backend.js'
import type { FailoverReason } from './events.js'
import type { MemberCircuit } from './member-circuit.js'

/** One backend of a failover group, with its circuit and why it was last passed over. */
export interface Member {
  readonly backend: Backend
  /** Its name in events and `servedBy`: the backend's name, with `#i` when two members share one. */
  readonly name: string
  readonly index: number
  readonly circuit: MemberCircuit
  /** Why it was last passed over. */
  reason: FailoverReason
  /** No background probe before this (epoch ms): one per `probeMs` while its circuit is open. */
  nextProbeAt: number
  /** A throttled member is passed over until then (epoch ms); the window doubles while it keeps throttling. */
  throttledUntil: number
  throttleMs: number
  calls: number
  probes: number
}
