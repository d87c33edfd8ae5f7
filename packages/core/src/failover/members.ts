import type { Backend, Entry } from '../backend.js'
import { isTransportFailure } from '../client/policy/circuit.js'
import { BackendUnavailableError, isParamkitError, ReplicaMissingError } from '../errors.js'
import type { FailoverEvent, FailoverListener, FailoverReason, FailoverStats } from './events.js'
import { HeldNames } from './held-names.js'
import type { Member } from './member.js'
import { isCallTimeout, MemberCircuit } from './member-circuit.js'
import { probeCall } from './probe.js'

type Operation = 'get' | 'getMany' | 'list'
type Call<T> = (member: Member, signal: AbortSignal | undefined) => Promise<T>

const FIRST_THROTTLE_MS = 100

/** The members of `failoverBackends`: which one serves, their circuits, probes, switches and reports. */
export class FailoverMembers {
  readonly list: readonly Member[]
  readonly held = new HeldNames()
  private serving = 0
  /** Counts switches: a call that started before the last switch never switches back on its own. */
  private generation = 0
  private misconfigured = 0
  private readonly listeners = new Set<FailoverListener>()
  private readonly closing = new AbortController()

  constructor(
    backends: readonly Backend[],
    private readonly options: { failures: number; probeMs: number; probeTimeoutMs: number },
  ) {
    const counts = new Map<string, number>()
    for (const b of backends) counts.set(b.name, (counts.get(b.name) ?? 0) + 1)
    this.list = backends.map((backend, index) => {
      const member: Member = {
        backend,
        index,
        name: (counts.get(backend.name) ?? 0) > 1 ? `${backend.name}#${index}` : backend.name,
        circuit: new MemberCircuit(options.failures, options.probeMs, (state) => {
          if (state === 'open') member.nextProbeAt = Date.now() + options.probeMs
        }),
        reason: 'unavailable',
        nextProbeAt: 0,
        throttledUntil: 0,
        throttleMs: 0,
        calls: 0,
        probes: 0,
      }
      return member
    })
  }

  /**
   * `fn` on the first member that can serve: closed circuits in order; a member that refuses or throttles
   * is passed over within the same call, one whose call ran out of `callMs` fails this call (its signal
   * has aborted; the caller's retry goes on to the next member). Open members get a background probe
   * when one is due, whichever member serves.
   */
  async serve<T>(
    operation: Operation,
    key: string | undefined,
    signal: AbortSignal | undefined,
    fn: Call<T>,
  ): Promise<T> {
    const generation = this.generation
    let passed: Member | undefined
    let lacking: Member | undefined
    try {
      for (const member of this.list) {
        const last = member.index === this.list.length - 1
        if (member.circuit.state !== 'closed' || (!last && member.throttledUntil > Date.now())) {
          passed ??= member
          continue
        }
        try {
          member.calls++
          const value = await member.circuit.execute(() => raced(fn(member, signal), signal))
          member.throttleMs = 0
          this.servedBy(member, passed, generation)
          return value
        } catch (error) {
          if (MemberCircuit.isOpenError(error)) {
            passed ??= member
            continue
          }
          if (isCode(error, 'THROTTLED') && !last) {
            this.throttled(member)
            passed ??= member
            continue
          }
          if (!isTransportFailure(error)) {
            if (operation === 'get' && key !== undefined && isCode(error, 'NOT_FOUND')) {
              if (member.index === 0) this.held.forget(key)
              else if (this.held.has(key)) {
                lacking ??= member
                this.report({ kind: 'misconfigured', replica: member.name, primary: this.list[0]!.name, key })
                continue
              }
            }
            throw error
          }
          member.reason = isCallTimeout(error) ? 'timeout' : 'unavailable'
          passed ??= member
          if (signal?.aborted) throw error
        }
      }
    } finally {
      this.probeDue(fn)
    }
    if (lacking && key !== undefined) {
      const primary = this.list[0]!.name
      throw new ReplicaMissingError(
        `The replica ${lacking.name} has no "${key}", which the primary ${primary} holds: the replica is misconfigured (rule: replica-missing)`,
        { key, backend: lacking.name, operation, primary, replica: lacking.name },
      )
    }
    throw new BackendUnavailableError(
      `Every member of failover(${this.list.map((m) => m.name).join(',')}) is unavailable: their circuits are open or their calls failed`,
      {
        backend: this.list[0]!.name,
        operation,
        ...(key !== undefined ? { key } : {}),
        cause: passed?.circuit.lastFailure,
      },
    )
  }

  /** Names the primary answered for, and those it said do not exist. */
  sawAnswer(member: Member, entries: readonly Entry[], missing: readonly string[] = []): void {
    if (member.index !== 0) return
    for (const entry of entries) this.held.add(entry.name)
    for (const name of missing) this.held.forget(name)
  }

  onFailover(listener: FailoverListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  stats(): FailoverStats {
    return {
      serving: this.list[this.serving]!.name,
      switches: this.generation,
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

  /** A background probe of every open member whose probe is due (at most one per `probeMs` each). */
  private probeDue<T>(fn: Call<T>): void {
    const now = Date.now()
    for (const member of this.list) {
      if (member.circuit.state !== 'open' || member.nextProbeAt > now || this.closing.signal.aborted) continue
      member.nextProbeAt = now + this.options.probeMs
      probeCall(member, this.options.probeTimeoutMs, this.closing.signal, (probe) => {
        member.calls++
        member.probes++
        return raced(fn(member, probe), probe)
      })
    }
  }

  private throttled(member: Member): void {
    member.reason = 'throttled'
    member.throttleMs = Math.min(
      this.options.probeMs,
      member.throttleMs === 0 ? FIRST_THROTTLE_MS : member.throttleMs * 2,
    )
    member.throttledUntil = Date.now() + member.throttleMs
  }

  private servedBy(member: Member, passed: Member | undefined, generation: number): void {
    if (member.index === this.serving) return
    // A call that started before the last switch says nothing about now: it never switches back.
    if (member.index < this.serving && generation !== this.generation) return
    const from = this.list[this.serving]!
    const reason: FailoverReason = member.index < this.serving ? 'recovered' : (passed ?? from).reason
    const cause = reason === 'recovered' ? undefined : (passed ?? from).circuit.lastFailure
    this.serving = member.index
    this.generation++
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

function isCode(error: unknown, code: string): boolean {
  return isParamkitError(error) && error.code === code
}

/** `work`, or the signal's reason as soon as it aborts: a member that ignores its signal is abandoned on time. */
export function raced<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
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
