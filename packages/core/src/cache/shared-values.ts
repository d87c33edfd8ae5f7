import { MISS } from './slot-codec.js'

/** A value made of a slot, held weakly, with the settled promise handed to callers (reused while it lives). */
interface Held<T extends object> {
  value: WeakRef<T>
  promise: WeakRef<Promise<T>>
}

/**
 * What the config client makes of each slot's text (its sealed `Secret` of that version), shared by every
 * caller while anyone holds it, so a hot `getSecret` neither opens nor seals (nor makes a promise while the
 * last one handed out lives). Keyed by the slot object, so it goes with its slot (reload, invalidate,
 * eviction). Held weakly once made: a value nobody keeps is collected (a `Secret` then unpins its data
 * key, which may then drop idle).
 */
export class SharedValues {
  private readonly made = new WeakMap<object, Promise<object> | Held<object>>()

  /** The value made of `slot`, or made now of `text()`; MISS when the text is MISS. */
  of<T extends object>(
    slot: object,
    text: () => string | typeof MISS,
    make: (text: string) => Promise<T>,
  ): Promise<T> | typeof MISS {
    const held = this.made.get(slot) as Promise<T> | Held<T> | undefined
    if (held instanceof Promise) return held
    if (held !== undefined) {
      const promise = held.promise.deref()
      if (promise !== undefined) return promise
      const value = held.value.deref()
      if (value !== undefined) {
        const settled = Promise.resolve(value)
        held.promise = new WeakRef(settled)
        return settled
      }
    }
    const plain = text()
    if (plain === MISS) return MISS
    const making = make(plain)
    this.made.set(slot, making)
    making.then(
      (result) =>
        this.made.get(slot) === making &&
        this.made.set(slot, { value: new WeakRef(result), promise: new WeakRef(making) }),
      () => this.made.get(slot) === making && this.made.delete(slot),
    )
    return making
  }

  /**
   * As `of`, synchronously: the value made of `slot` if one lives, or made now by a sync `make` (MISS when
   * it cannot). While an async `make` runs for the slot, the value made here is not kept.
   */
  ofNow<T extends object>(
    slot: object,
    text: () => string | typeof MISS,
    make: (text: string) => T | typeof MISS,
  ): T | typeof MISS {
    const held = this.made.get(slot) as Promise<T> | Held<T> | undefined
    const value = held instanceof Promise ? undefined : held?.value.deref()
    if (value !== undefined) return value
    const plain = text()
    if (plain === MISS) return MISS
    const made = make(plain)
    if (made !== MISS && !(held instanceof Promise)) {
      const settled = Promise.resolve(made)
      this.made.set(slot, { value: new WeakRef(made), promise: new WeakRef(settled) })
    }
    return made
  }
}
