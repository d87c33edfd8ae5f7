import type { Backend, Entry } from '../backend.js'
import { isTransportFailure } from '../client/policy/circuit.js'
import { BackendUnavailableError, isParamkitError, ReplicaMissingError } from '../errors.js'
import type { FailoverEvent, FailoverListener, FailoverReason, FailoverStats } from './events.js'
import { isCallTimeout, MemberCircuit } from './member-circuit.js'

export interface Member {
  readonly backend: Backend
  /** Its name in events and `servedBy`: the backend's name, with `#i` when two members share one. */
  readonly name: string
  readonly index: number
  readonly circuit: MemberCircuit
  /** Why it was last passed over. */
  reason: FailoverReason
  calls: number
  probes: number
}

type Operation = 'get' | 'getMany' | 'list'

/** Names the primary holds are remembered up to this many (a replica's NotFound for one is a misconfiguration). */
const MAX_HELD = 50_000

/** The members of `failoverBackends`: which one serves, their circuits, probes, switches and reports. */
export class FailoverMembers {
  readonly list: readonly Member[]
  private serving = 0
  private switches = 0
  private misconfigured = 0
  private readonly held = new Set<string>()
  private readonly listeners = new Set<FailoverListener>()
  private readonly closing = new AbortController()

  constructor(
    backends: readonly Backend[],
    private readonly options: { failures: number; probeMs: number; probeTimeoutMs: number },
  ) {
    const counts = new Map<string, number>()
    for (const b of backends) counts.set(b.name, (counts.get(b.name) ?? 0) + 1)
    this.list = backends.map((backend, index) => ({
      backend,
      index,
      name: (counts.get(backend.name) ?? 0) > 1 ? `${backend.name}#${index}` : backend.name,
      circuit: new MemberCircuit(options.failures, options.probeMs, () => undefined),
      reason: 'unavailable',
      calls: 0,
      probes: 0,
    }))
  }

  /**
   * `fn` on the first member that can serve: closed circuits in order; a member whose call fails on the
   * wire is passed over within the same call, one whose call ran out of the caller's budget fails this call
   * (the caller's retry goes on to the next member). Open members get a background probe when one is due.
   */
  async serve<T>(
    operation: Operation,
    key: string | undefined,
    signal: AbortSignal | undefined,
    fn: (member: Member, signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    let passed: Member | undefined
    let lacking: Member | undefined
    for (const member of this.list) {
      if (member.circuit.state !== 'closed') {
        if (member.circuit.state === 'open') this.probe(member, fn)
        passed ??= member
        continue
      }
      try {
        member.calls++
        const value = await member.circuit.execute(() => raced(fn(member, signal), signal))
        if (operation === 'get' && key !== undefined && member.index === 0) this.heldByPrimary(key)
        this.servedBy(member, passed)
        return value
      } catch (error) {
        if (MemberCircuit.isOpenError(error)) {
          passed ??= member
          continue
        }
        // A throttled member is asked again by the next call; this one goes on to the next member.
        if (isThrottled(error) && member.index < this.list.length - 1) {
          member.reason = 'throttled'
          passed ??= member
          continue
        }
        if (!isTransportFailure(error)) {
          if (operation === 'get' && key !== undefined && isNotFound(error)) {
            if (member.index === 0) this.held.delete(key)
            else if (this.held.has(key)) {
              lacking ??= member
              this.report({ kind: 'misconfigured', replica: member.name, primary: this.list[0]!.name, key })
              continue
            }
          }
          this.servedBy(member, passed)
          throw error
        }
        member.reason = isCallTimeout(error) || signal?.aborted ? 'timeout' : 'unavailable'
        passed ??= member
        if (signal?.aborted) throw error
      }
    }
    if (lacking && key !== undefined) {
      throw new ReplicaMissingError(
        `The replica ${lacking.name} has no "${key}", which the primary ${this.list[0]!.name} holds: the replica is misconfigured (rule: replica-missing)`,
        { key, backend: lacking.name, operation, primary: this.list[0]!.name, replica: lacking.name },
      )
    }
    throw allUnavailable(this.list, operation, key, passed?.circuit.lastFailure)
  }

  /** Entries a member returned: the primary's are names it holds. */
  sawEntries(member: Member, entries: readonly Entry[]): void {
    if (member.index !== 0) return
    for (const entry of entries) if (this.held.size < MAX_HELD) this.held.add(entry.name)
  }

  holds(name: string): boolean {
    return this.held.has(name)
  }

  /** Remembers a name the primary answered for. */
  heldByPrimary(name: string): void {
    if (this.held.size < MAX_HELD) this.held.add(name)
  }

  onFailover(listener: FailoverListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  stats(): FailoverStats {
    return {
      serving: this.list[this.serving]!.name,
      switches: this.switches,
      misconfigured: this.misconfigured,
      members: this.list.map((m) => ({
        name: m.name,
        state: m.circuit.state,
        calls: m.calls,
        probes: m.probes,
      })),
    }
  }

  close(): void {
    this.closing.abort()
    this.listeners.clear()
  }

  /** One call to an open member whose probe is due, in the background with a budget of its own. */
  private probe<T>(member: Member, fn: (member: Member, signal: AbortSignal) => Promise<T>): void {
    if (this.closing.signal.aborted) return
    const signal = AbortSignal.any([AbortSignal.timeout(this.options.probeTimeoutMs), this.closing.signal])
    member.circuit
      .execute(() => {
        member.calls++
        member.probes++
        return raced(fn(member, signal), signal)
      })
      .catch(() => undefined)
  }

  private servedBy(member: Member, passed: Member | undefined): void {
    if (member.index === this.serving) return
    const from = this.list[this.serving]!
    const reason: FailoverReason = member.index < this.serving ? 'recovered' : (passed ?? from).reason
    const cause = reason === 'recovered' ? undefined : from.circuit.lastFailure
    this.serving = member.index
    this.switches++
    this.report({
      kind: 'switch',
      from: from.name,
      to: member.name,
      reason,
      ...(cause instanceof Error ? { cause } : {}),
    })
  }

  private report(event: FailoverEvent): void {
    if (event.kind === 'misconfigured') this.misconfigured++
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}

function isThrottled(error: unknown): boolean {
  return isParamkitError(error) && error.code === 'THROTTLED'
}

function isNotFound(error: unknown): boolean {
  return isParamkitError(error) && error.code === 'NOT_FOUND'
}

/** `work`, or the signal's reason as soon as it aborts: a member that ignores its signal is abandoned on time. */
function raced<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  if (signal.aborted) {
    // Abandoned at once: its own rejection (the same abort) must not go unhandled.
    work.catch(() => undefined)
    return Promise.reject(signal.reason)
  }
  let onAbort: () => void = () => undefined
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort))
}

function allUnavailable(
  list: readonly Member[],
  operation: Operation,
  key: string | undefined,
  cause: unknown,
) {
  return new BackendUnavailableError(
    `Every member of failover(${list.map((m) => m.name).join(',')}) is unavailable: their circuits are open or their calls failed`,
    { backend: list[0]!.name, operation, ...(key !== undefined ? { key } : {}), cause },
  )
}
