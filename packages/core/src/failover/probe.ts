import type { Member } from './member.js'

/**
 * One background probe of an open member, with a budget of its own (`timeoutMs`, an unref'd timer) and
 * cut short by `closing`; its listener and timer go when it settles. The member's circuit decides whether
 * the call runs (one at a time, once due); its outcome only moves the circuit.
 */
export function probeCall(
  member: Pick<Member, 'circuit'>,
  timeoutMs: number,
  closing: AbortSignal,
  fn: (signal: AbortSignal) => Promise<unknown>,
): void {
  const controller = new AbortController()
  const onClose = () => controller.abort(closing.reason)
  closing.addEventListener('abort', onClose, { once: true })
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`The probe took longer than ${timeoutMs} ms`, 'TimeoutError'))
  }, timeoutMs)
  timer.unref()
  member.circuit
    .execute(() => fn(controller.signal))
    .catch(() => undefined)
    .finally(() => {
      clearTimeout(timer)
      closing.removeEventListener('abort', onClose)
    })
}
