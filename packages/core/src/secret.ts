const REDACTED = '[redacted]'
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')
const values = new WeakMap<Secret<unknown>, unknown>()
/** Marks secrets of every copy of core alike, so `Secret.is` holds when an app has two copies. */
const BRAND = Symbol.for('@paramkit/core/secret')

/**
 * A value that only `reveal()` gives back. `String()`, template literals, `JSON.stringify`,
 * `util.inspect` and `console.log` all show `[redacted]`. The value lives in a WeakMap, not on the
 * object, so reflection over the object finds nothing.
 */
export class Secret<T = string> {
  constructor(value: T) {
    values.set(this, value)
    Object.defineProperty(this, BRAND, { value: true })
    Object.freeze(this)
  }

  /** Whether `value` is a Secret, from any copy of @paramkit/core (a brand, not `instanceof`). */
  static is(value: unknown): value is Secret<unknown> {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  }

  reveal(): T {
    return values.get(this) as T
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [Symbol.toPrimitive](): string {
    return REDACTED
  }

  [inspectSymbol](): string {
    return `Secret(${REDACTED})`
  }

  get [Symbol.toStringTag](): string {
    return 'Secret'
  }
}

export { REDACTED }
