/** What both wrappers answer for events/get-order.json on staging (memory fixture or its snapshot). */
export const sampleResult = JSON.stringify({
  statusCode: 200,
  body: JSON.stringify({
    id: 'ord-1001',
    currency: 'eur',
    database: 'orders-db.staging.internal',
    v2: true,
    timeoutMs: 5000,
    payments: 'test',
  }),
})
