// One cold start, in a fresh Node process: import the handler, init, one invocation through the 20 ms
// SSM client. Prints the milliseconds to the first result: from process start (Node's boot and the AWS SDK
// import included, both paid alike) and from just before the handler module is imported.
const which = process.argv[2]
const [{ fakeSsm }, { seededStore }] = await Promise.all([import('../fake-aws.mjs'), import('./seed.mjs')])
const fake = fakeSsm(await seededStore(), 20)
const start = performance.now() // the store and fake client are the test bench, not the handler
const handler =
  which === 'paramkit'
    ? (await import('./paramkit-handler.mjs')).paramkitHandler(fake.client)
    : (await import('./powertools-handler.mjs')).powertoolsHandler(fake.client)
const result = await handler({ id: 'o-1' }, { getRemainingTimeInMillis: () => 3000 })
const end = performance.now()
const ok = result.host === 'value-db/host'
process.stdout.write(`${JSON.stringify({ total: end, handler: end - start, calls: fake.total(), ok })}\n`)
process.exit(0)
