const REDACTED = '[redacted]'
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')
/** Own, non-enumerable and symbol-keyed: invisible to keys, JSON and inspect, yet kept by validators that clone (ArkType). */
const VALUE = Symbol('paramkit.secret')

/**
 * A value that only `reveal()` gives back. `String()`, template literals, `JSON.stringify`,
 * `util.inspect` and `console.log` all show `[redacted]`.
 */
export class Secret<T = string> {
  constructor(value: T) {
    Object.defineProperty(this, VALUE, { value })
    Object.freeze(this)
  }

  reveal(): T {
    return (this as unknown as Record<typeof VALUE, T>)[VALUE]
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
