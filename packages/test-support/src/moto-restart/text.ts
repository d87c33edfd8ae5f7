import type { ConfigClient } from '@paramkit/core'

/**
 * A key's text whatever it holds: through `getSecret` and `reveal()`, since `get` refuses secrets (the
 * Secrets Manager backend's values all are) and `getSecret` seals plain values too.
 */
export async function textOf(config: ConfigClient, key: string): Promise<string> {
  return (await config.getSecret(key)).reveal()
}

/** Several keys' text, asked in one tick so they are batched as `getMany` would batch them. */
export async function textsOf<K extends string>(
  config: ConfigClient,
  keys: readonly K[],
): Promise<Record<K, string>> {
  const texts = await Promise.all(keys.map((key) => textOf(config, key)))
  return Object.fromEntries(keys.map((key, i) => [key, texts[i]])) as Record<K, string>
}
