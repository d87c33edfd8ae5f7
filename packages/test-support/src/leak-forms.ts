import { inspect } from 'node:util'
import fc from 'fast-check'

/** Secrets rich in what escaping changes: quotes, backslashes, tabs, newlines, %, +, non-ASCII, astral. */
export const escapeRichSecret = fc
  .array(
    fc.constantFrom('"', '\\', '\t', '\n', "'", '%', '/', '+', 'é', '😀', 'ß', 'a', 'B', '7', ' ', ':'),
    {
      minLength: 7,
      maxLength: 24,
    },
  )
  .map((chars) => `k${chars.join('')}`)

/** Every way a validator might quote a value in its message. */
export function quotings(secret: string): string[] {
  return [
    `got ${secret}`,
    `got ${JSON.stringify(secret)}`,
    `got ${JSON.stringify(JSON.stringify(secret))}`,
    `got ${inspect(secret)}`,
    `see https://example.com/?p=${encodeURIComponent(secret)}`,
    `authorization: Basic ${Buffer.from(`user:${secret}`).toString('base64')}`,
    `token ${Buffer.from(secret).toString('base64url')}`,
  ]
}

/**
 * The forms in which a secret can leak through text, computed independently of paramkit's
 * scrubber: raw, JSON-escaped (once and twice), as util.inspect quotes it, URL-encoded
 * (component and form), base64 and base64url. Tests assert none of them appears.
 */
export function leakForms(secret: string): Map<string, string> {
  const json = JSON.stringify(secret).slice(1, -1)
  const forms = new Map<string, string>([
    ['raw', secret],
    ['JSON-escaped', json],
    ['JSON-escaped twice', JSON.stringify(json).slice(1, -1)],
    ['inspect-escaped', inspect(secret).slice(1, -1)],
    ['URL-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ v: secret }).toString().slice(2)],
    ['base64', Buffer.from(secret).toString('base64').replace(/=+$/, '')],
    ['base64url', Buffer.from(secret).toString('base64url')],
  ])
  return forms
}

/** The forms of `secret` found in `text`, by name: empty when nothing leaked. */
export function leaksIn(text: string, secret: string): string[] {
  return [...leakForms(secret)].filter(([, form]) => text.includes(form)).map(([name]) => name)
}
