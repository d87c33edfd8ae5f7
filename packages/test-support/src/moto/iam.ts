import { motoEndpoint } from './clients.js'

/** One IAM query-API call to moto (auth is off while it runs, so the signature is a placeholder). */
async function iam(params: Record<string, string>): Promise<string> {
  const response = await fetch(motoEndpoint(), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ ...params, Version: '2010-05-08' }),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`moto IAM ${params.Action} failed: HTTP ${response.status} ${text}`)
  return text
}

async function setAuth(initialFreeActions: number | 'off'): Promise<void> {
  const body = initialFreeActions === 'off' ? 'inf' : String(initialFreeActions)
  const response = await fetch(`${motoEndpoint()}/moto-api/reset-auth`, { method: 'POST', body })
  if (!response.ok) throw new Error(`moto reset-auth failed: HTTP ${response.status}`)
}

/**
 * Runs `fn` as a fresh IAM user allowed only `actions`, with moto checking every request against
 * IAM (as AWS does). Auth is switched off again afterwards, whatever `fn` does.
 */
export async function asIamUser<T>(
  actions: string[],
  fn: (credentials: { accessKeyId: string; secretAccessKey: string }) => Promise<T>,
): Promise<T> {
  const user = `paramkit-${Math.random().toString(36).slice(2, 10)}`
  await iam({ Action: 'CreateUser', UserName: user })
  await iam({
    Action: 'PutUserPolicy',
    UserName: user,
    PolicyName: 'only',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
    }),
  })
  const key = await iam({ Action: 'CreateAccessKey', UserName: user })
  const accessKeyId = /<AccessKeyId>([^<]+)</.exec(key)?.[1]
  const secretAccessKey = /<SecretAccessKey>([^<]+)</.exec(key)?.[1]
  if (!accessKeyId || !secretAccessKey) throw new Error(`moto IAM CreateAccessKey answered no key: ${key}`)
  await setAuth(0)
  try {
    return await fn({ accessKeyId, secretAccessKey })
  } finally {
    await setAuth('off')
  }
}
