import { decodeText, encodeText, type TextKind } from './cache/text-codec.js'
import type { KeyProvider } from './crypto/key-provider.js'
import { localKeyProvider } from './crypto/local-key-provider.js'
import { encodeAad, open, openText, type SealContext, type SealedBox, seal } from './crypto/seal.js'

const REDACTED = '[redacted]'
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')
/** Own, non-enumerable and symbol-keyed: invisible to keys, JSON and inspect, yet kept by validators that clone (ArkType). */
const STATE = Symbol('paramkit.secret')
/** Marks secrets of every copy of core alike, so `Secret.is` holds when an app has two copies. */
const BRAND = Symbol.for('@paramkit/core/secret')

type Kind = 'string' | 'utf16' | 'bytes' | 'json'

/** What a Secret holds: ciphertext and the provider whose data key opens it. Shared by clones. */
interface SealedState {
  provider: KeyProvider
  box: SealedBox
  kind: Kind
  /** The seal context and its encoding (nothing secret), shared (see bindingOf): reveal() builds neither. */
  binding: Binding
}

/**
 * A data key stays alive while any Secret sealed under it lives: each Secret holds one reference
 * (taken with the key, see KeyProvider.keyForSeal), given back when its state is collected.
 */
const lifetimes = new FinalizationRegistry<{ provider: KeyProvider; id: string }>(({ provider, id }) => {
  provider.release(id)
  provider.unpin?.(id)
})

let ownKeys: KeyProvider | undefined
/** Keys for Secrets made with `new Secret(value)`: local, rotated and zeroed like the cache's. */
const processKeys = () => (ownKeys ??= localKeyProvider())

/**
 * A value sealed at rest: the object holds ciphertext under a data key of the cache's key provider
 * (or, for `new Secret(value)`, of a process-local one), and `reveal()` opens it on demand, so an
 * app may keep Secrets for its whole life without their plaintext in its heap. `String()`, template
 * literals, `JSON.stringify`, `util.inspect` and `console.log` all show `[redacted]`.
 */
export class Secret<T = string> {
  constructor(value: T) {
    const provider = processKeys()
    const dataKey = provider.keyForSeal() as { id: string; key: Uint8Array }
    adopt(this, sealWith(value, provider, dataKey))
  }

  /** A Secret sealed under `provider`'s current data key (which stays alive while the Secret does). */
  static async seal<V>(value: V, provider: KeyProvider): Promise<Secret<V>> {
    const dataKey = await provider.keyForSeal()
    const secret = Object.create(Secret.prototype) as Secret<V>
    adopt(secret, sealWith(value, provider, dataKey))
    return secret
  }

  /** Whether `value` is a Secret, from any copy of @paramkit/core (a brand, not `instanceof`). */
  static is(value: unknown): value is Secret<unknown> {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  }

  /** Opens the value. The plaintext lives as long as the caller keeps it; nothing is cached here. */
  reveal(): T {
    const state = stateOf(this)
    const { kind } = state
    if (kind === 'bytes') return openState(state) as T
    // Opened into a buffer that is zeroed once decoded: the string is the only copy made.
    const text = openState(state, kind === 'json' ? 'string' : kind)
    return (kind === 'json' ? JSON.parse(text) : text) as T
  }

  /**
   * The value as bytes (UTF-8 for text) in a new Buffer that the caller owns and should wipe with
   * `fill(0)` once used: for APIs that take a Buffer, without a string that cannot be wiped.
   */
  revealBytes(): Buffer {
    const state = stateOf(this)
    const bytes = openState(state)
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    if (state.kind !== 'utf16') return buffer
    const utf8 = Buffer.from(decodeText(bytes, 'utf16'), 'utf8')
    bytes.fill(0)
    return utf8
  }

  /** Runs `fn` with the value's bytes and zeroes them when `fn` returns, or when its promise settles. */
  use<R>(fn: (bytes: Buffer) => R): R {
    const bytes = this.revealBytes()
    let result: R
    try {
      result = fn(bytes)
    } catch (error) {
      bytes.fill(0)
      throw error
    }
    if (result instanceof Promise) return result.finally(() => bytes.fill(0)) as R
    bytes.fill(0)
    return result
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

/**
 * A Secret sealed at once, for sync reads: under `provider`'s current data key when it has one in memory,
 * otherwise under the process-local keys (as `new Secret(value)`), so it is sealed at rest either way.
 */
export function sealNow<V>(value: V, provider: KeyProvider): Secret<V> {
  const dataKey = provider.keyForSeal()
  if (dataKey instanceof Promise) {
    dataKey.then(
      (key) => provider.release(key.id),
      () => undefined,
    )
    return new Secret(value)
  }
  const secret = Object.create(Secret.prototype) as Secret<V>
  adopt(secret, sealWith(value, provider, dataKey))
  return secret
}

/** A Secret made by this copy of core, whose sealed state it can read (across copies use `Secret.is`). */
export function isSecret(value: unknown): value is Secret<unknown> {
  return value instanceof Secret
}

/** The key provider whose data key seals a Secret (internal: for resealing under the cache's provider). */
export function keyProviderOf(secret: Secret<unknown>): KeyProvider {
  return stateOf(secret).provider
}

function stateOf(secret: Secret<unknown>): SealedState {
  return (secret as unknown as Record<typeof STATE, SealedState>)[STATE]
}

/** The plaintext bytes (the caller zeroes them), or with `text` the decoded string. */
function openState(state: SealedState): Uint8Array
function openState(state: SealedState, text: TextKind): string
function openState({ provider, box, binding }: SealedState, text?: TextKind): Uint8Array | string {
  const key = provider.keyForOpen(box.keyId)
  // Only a provider that dropped the key while idle answers with a promise; a pinned key never is.
  if (key instanceof Promise) {
    key.catch(() => undefined)
    throw new TypeError(`The data key of this Secret (${box.keyId}) is not at hand; the provider must pin it`)
  }
  const { context, aad } = binding
  return text === undefined ? open(box, key, context, aad) : openText(box, key, context, text, aad)
}

function sealWith(
  value: unknown,
  provider: KeyProvider,
  dataKey: { id: string; key: Uint8Array },
): SealedState {
  try {
    const { bytes, kind } = encode(value)
    const binding = bindingOf(dataKey.id, kind)
    const box = seal(bytes, dataKey.key, binding.context, undefined, binding.aad)
    if (!(value instanceof Uint8Array)) bytes.fill(0)
    provider.pin?.(dataKey.id)
    return { provider, box, kind, binding }
  } catch (error) {
    provider.release(dataKey.id)
    throw error
  }
}

function adopt(secret: Secret<unknown>, state: SealedState): void {
  Object.defineProperty(secret, STATE, { value: state })
  Object.defineProperty(secret, BRAND, { value: true })
  Object.freeze(secret)
  lifetimes.register(state, { provider: state.provider, id: state.box.keyId })
}

function encode(value: unknown): { bytes: Uint8Array; kind: Kind } {
  if (typeof value === 'string') return encodeText(value)
  if (value instanceof Uint8Array) return { bytes: value, kind: 'bytes' }
  const json = JSON.stringify(value)
  if (json === undefined) throw new TypeError('A Secret holds a string, bytes or a JSON value')
  return { bytes: encodeText(json).bytes, kind: 'json' }
}

interface Binding {
  context: SealContext
  aad: Uint8Array
}

/** Contexts and their encodings by kind and data key: a few per live key, shared by every Secret sealed under it. */
const bindings = new Map<string, Binding>()
const MAX_BINDINGS = 64

function bindingOf(keyId: string, kind: Kind): Binding {
  const id = `${kind}:${keyId}`
  let binding = bindings.get(id)
  if (binding === undefined) {
    if (bindings.size >= MAX_BINDINGS) bindings.delete(bindings.keys().next().value!)
    const context = contextOf(keyId, kind)
    binding = { context, aad: encodeAad(context) }
    bindings.set(id, binding)
  }
  return binding
}

/** Binds the kind into the seal, so bytes never come back as text or JSON. */
function contextOf(keyId: string, kind: Kind): SealContext {
  return { namespace: 'paramkit:secret', key: '', version: kind, keyId }
}

export { REDACTED }
