/** The fields of an AWS SDK v3 error (or a Node network error under it) the kit reads. */
export interface SdkError {
  name?: string
  message?: string
  code?: string
  address?: string
  port?: number
  errors?: unknown[]
  $metadata?: { attempts?: number; httpStatusCode?: number }
  /** The body the SDK could not parse, on its SyntaxError. */
  $responseBodyText?: string
}

/**
 * An error answer the SDK could not parse (XML or HTML where it expects JSON, as emulators and
 * proxies send it): read as the error its body names, or as the denial a bare HTTP 403 is.
 */
export function readableError(e: SdkError): SdkError {
  if (e.name !== 'SyntaxError' || !e.$metadata?.httpStatusCode) return e
  const body = e.$responseBodyText ?? ''
  const code =
    /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ??
    (e.$metadata.httpStatusCode === 403 ? 'AccessDenied' : undefined)
  if (!code) return e
  return { name: code, message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? '', $metadata: e.$metadata }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
  'EADDRNOTAVAIL',
])

export const REFUSED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'IncompleteSignature',
  'ExpiredTokenException',
  'ExpiredToken',
])

/**
 * A set-up problem the SDK reports before or instead of an answer: no region, no credentials, an
 * endpoint that does not answer. Returns the root cause and what to do, for the error's top line.
 */
export function setupProblem(e: SdkError): string | undefined {
  const message = e.message ?? ''
  if (/Region is missing/i.test(message)) {
    return 'Region is missing: set AWS_REGION or pass region in clientConfig'
  }
  if (e.name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'AWS credentials are missing: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass credentials in clientConfig'
  }
  const network = networkCode(e)
  if (network) {
    const where = e.address ? ` ${e.address}${e.port ? `:${e.port}` : ''}` : ''
    return `endpoint${where} is unreachable (${network}): check clientConfig.endpoint or AWS_ENDPOINT_URL, and the network`
  }
  if (e.name === 'TimeoutError') {
    return 'endpoint did not answer in time (TimeoutError): check clientConfig.endpoint or AWS_ENDPOINT_URL, and the network'
  }
  return undefined
}

/**
 * A call its AbortSignal ended (the call policy's timeout, `close()`, the caller's own signal): why,
 * for the error's top line. The SDK rejects with an `AbortError` whose `cause` is the signal's reason.
 */
export function abortProblem(e: SdkError & { cause?: { name?: string } }): string | undefined {
  if (e.name !== 'AbortError') return undefined
  return e.cause?.name === 'TimeoutError'
    ? 'aborted when its timeout passed (AbortError), before the endpoint answered'
    : 'aborted by its signal (AbortError), before the endpoint answered'
}

function networkCode(e: SdkError): string | undefined {
  if (e.code && UNREACHABLE.has(e.code)) return e.code
  // Node reports a failed connection to every address of a host as one AggregateError.
  const inner = e.errors?.find((x): x is SdkError => UNREACHABLE.has((x as SdkError)?.code ?? ''))
  return inner?.code
}
