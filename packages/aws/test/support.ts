import { SSMClient } from '@aws-sdk/client-ssm'
import { retryStrategy, type ServiceErrors } from '@paramkit/aws'
import { type StubReply, stubCredentials, stubTransport } from '@paramkit/test-support/stub-transport'

export { sdkError } from '@paramkit/test-support/stub-transport'

/** A small service table, as a package on the kit writes one. */
export const TABLE: ServiceErrors = {
  service: 'Parameter Store',
  backend: 'ssm',
  noun: 'Parameter',
  actions: { get: 'ssm:GetParameter', list: 'ssm:GetParametersByPath' },
  notFound: ['ParameterNotFound'],
  validation: { ValidationException: 'ssm-validation' },
}

/** A real SSMClient whose wire is a function. */
export function stubbedSsm(answer: (operation: string) => StubReply, maxAttempts = 1) {
  const { requestHandler, requests } = stubTransport(answer)
  const client = new SSMClient({
    ...stubCredentials,
    retryStrategy: retryStrategy({ maxAttempts, baseDelayMs: 1 }),
    requestHandler,
  })
  return { client, requests }
}
