import { createServer } from 'node:net'
import { AccessDeniedError, BackendUnavailableError } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { asIamUser } from '@paramkit/test-support/moto/iam'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const firstLine = (error: unknown) => String((error as Error).message).split('\n')[0]
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => error,
  )
const firstPage = (backend: ReturnType<typeof ssmBackend>) =>
  failureOf(backend.list('/dev/order-api')[Symbol.asyncIterator]().next())

/**
 * The SDK reads region and credentials from the environment and ~/.aws: hide all of it, except the
 * run-wide switch that keeps the SDK's Node version warning to one notice (@paramkit/test-support/sdk-node-warning).
 */
const AWS_ENV = /^AWS_(?!SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED$)/
let saved: Record<string, string | undefined> = {}
beforeEach(() => {
  saved = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => AWS_ENV.test(k))
      .map((k) => [k, process.env[k]]),
  )
  for (const key of Object.keys(saved)) delete process.env[key]
  process.env.AWS_CONFIG_FILE = '/nonexistent/paramkit/config'
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/paramkit/credentials'
  process.env.AWS_EC2_METADATA_DISABLED = 'true'
})
afterEach(() => {
  for (const key of Object.keys(process.env).filter((k) => AWS_ENV.test(k))) delete process.env[key]
  Object.assign(process.env, saved)
})

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('set-up failures say why on the top line, with a hint (real SDK client)', () => {
  it('no region: "Region is missing: set AWS_REGION or pass region"', async () => {
    const error = await firstPage(ssmBackend({ clientConfig: { credentials } }))
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect(firstLine(error)).toBe(
      'Parameter Store failed on list of "/dev/order-api": Region is missing: set AWS_REGION or pass region in clientConfig',
    )
    expect((error as Error).cause).toBeInstanceOf(Error)
  })

  it('no credentials: says they are missing and where they are read from', async () => {
    const error = await firstPage(
      ssmBackend({ clientConfig: { region: 'us-east-1' }, retry: { maxAttempts: 1 } }),
    )
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect(firstLine(error)).toMatch(
      /^Parameter Store failed on list of "\/dev\/order-api": AWS credentials are missing: set AWS_PROFILE or AWS_ACCESS_KEY_ID/,
    )
    expect(((error as Error).cause as Error).name).toBe('CredentialsProviderError')
  })

  it('an endpoint nobody listens on: names the address and the network error', async () => {
    const port = await closedPort()
    const backend = ssmBackend({
      clientConfig: { region: 'us-east-1', credentials, endpoint: `http://127.0.0.1:${port}` },
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    })
    const error = await failureOf(backend.get('/dev/order-api/db/host'))
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect(firstLine(error)).toBe(
      `Parameter Store failed on get of "/dev/order-api/db/host": endpoint 127.0.0.1:${port} is unreachable (ECONNREFUSED): check clientConfig.endpoint or AWS_ENDPOINT_URL, and the network`,
    )
  })

  it('AccessDenied from IAM (moto with auth on) names the missing action', async () => {
    const error = await asIamUser(['ssm:GetParameter'], async (user) =>
      firstPage(
        ssmBackend({
          clientConfig: { region: 'us-east-1', endpoint: motoEndpoint(), credentials: user },
          retry: { maxAttempts: 1 },
          withDecryption: true,
        }),
      ),
    )
    expect(error).toBeInstanceOf(AccessDeniedError)
    expect((error as AccessDeniedError).permission).toBe('ssm:GetParametersByPath')
    expect(firstLine(error)).toBe(
      'Access denied to "/dev/order-api": the caller lacks ssm:GetParametersByPath (or kms:Decrypt on the KMS key that encrypts it)',
    )
  })
})
