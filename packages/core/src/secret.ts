const REDACTED = '[redacted]'
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')
const values = new WeakMap<Secret<unknown>, unknown>()

/**
 * A value that only `reveal()` gives back. `String()`, template literals, `JSON.stringify`,
 * `util.inspect` and `console.log` all show `[redacted]`. The value lives in a WeakMap, not on the
 * object, so reflection over the object finds nothing.
 */
export class Secret<T = string> {
  constructor(value: T) {
    values.set(this, value)
    Object.freeze(this)
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

export function isSecret(value: unknown): value is Secret<unknown> {
  return value instanceof Secret
}

export { REDACTED }
