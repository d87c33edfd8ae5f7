import { inspect } from 'node:util'
import type { KeyProvider } from '../crypto/key-provider.js'
import type { SchemaIssueReport } from '../errors.js'
import { isSecret, keyProviderOf, Secret } from '../secret.js'
import type { SecretForms } from '../secret-forms.js'
import { isBranch, put } from './tree.js'

/**
 * Makes sure a schema's output holds no secret outside a `Secret`. At a secret's own path a
 * `Secret` stays, a string, number or bytes (a transform after an explicit `reveal()`) is sealed
 * again, and anything else (a URL, a split array, an object) is reported. Anywhere else a value
 * holding any form of a secret (a renamed key, a URL's href, a Buffer's bytes) is reported.
 */
export async function sealSchemaOutput(
  output: unknown,
  secretPaths: ReadonlySet<string>,
  secrets: SecretForms,
  provider: KeyProvider,
): Promise<{ value: unknown; problems: SchemaIssueReport[] }> {
  const problems: SchemaIssueReport[] = []
  const walk = async (value: unknown, path: string): Promise<unknown> => {
    if (value === undefined || value === null) return value
    // A Secret made by the schema (secretValue()) is sealed again under the cache's provider.
    if (isSecret(value))
      return keyProviderOf(value) === provider ? value : Secret.seal(value.reveal(), provider)
    if (secretPaths.has(path)) {
      if (typeof value === 'string' || typeof value === 'number') return Secret.seal(value, provider)
      if (value instanceof Uint8Array) {
        const secret = await Secret.seal(value, provider)
        value.fill(0) // made by the schema's transform: nothing else holds it
        return secret
      }
      problems.push({
        path,
        message: `a secret became ${kindOf(value)}; keep it a Secret (validate it with secretValue()) and derive other values after reveal()`,
      })
      return undefined
    }
    if (Array.isArray(value)) return Promise.all(value.map((item, i) => walk(item, join(path, String(i)))))
    if (isBranch(value)) {
      const out: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(value)) put(out, key, await walk(child, join(path, key)))
      return out
    }
    if (holdsSecret(value, secrets))
      problems.push({ path, message: `holds a secret in plaintext (${kindOf(value)}) outside a Secret` })
    return value
  }
  const value = await walk(output, '')
  return { value, problems }
}

function holdsSecret(value: unknown, secrets: SecretForms): boolean {
  if (typeof value === 'string') return secrets.foundIn(value)
  if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    return secrets.foundIn(bytes.toString('utf8')) || secrets.foundIn(bytes.toString('latin1'))
  }
  if (typeof value !== 'object' && typeof value !== 'function') return false
  return secrets.foundIn(`${String(value)}\n${inspect(value, { depth: 6, showHidden: true })}`)
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Uint8Array) return 'bytes'
  if (typeof value === 'object' && value !== null) return `an object (${value.constructor?.name ?? 'Object'})`
  return `a ${typeof value}`
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}
