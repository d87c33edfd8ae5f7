// The order-api's GET /orders/{id}, the same for both wrappers: sync reads from context.config (loaded
// during init, refreshed between invocations), secrets kept as Secrets and never put in a response.
export function getOrder(event, context) {
  const { config } = context
  const currency = event.queryStringParameters?.currency ?? 'usd'
  const allowed = config.getSync('config/allowed_currencies').split(',')
  if (!allowed.includes(currency))
    return { statusCode: 400, body: JSON.stringify({ error: 'UNSUPPORTED_CURRENCY', allowed }) }
  const stripe = config.getSecretSync('stripe/api_key') // reveal() only where the payment call needs it
  return {
    statusCode: 200,
    body: JSON.stringify({
      id: event.pathParameters?.id,
      currency,
      database: config.getSync('database/host'),
      v2: config.getSync('config/feature_flag_v2') === 'true',
      timeoutMs: Number(config.getSync('http/timeout_ms')),
      payments: stripe.reveal().startsWith('sk_live_') ? 'live' : 'test',
    }),
  }
}
