// One cold start, in a fresh Node process: import the handler, init, one invocation through the 20 ms
// SSM client. Prints the milliseconds to the first result: from process start (Node's boot and the AWS SDK
// import included, both paid alike) and from just before the handler module is imported.
// `paramkit-warm-kms` / `paramkit-warm-key` boot from the snapshot at BENCH_SNAPSHOT (KMS at 20 ms a call,
// or the master key in BENCH_SNAPSHOT_KEY).
const which = process.argv[2]
const [{ fakeSsm }, { fakeKms }, { seededStore }, { SNAPSHOT_KMS_KEY }] = await Promise.all([
  import('../fake-aws.mjs'),
  import('../fake-kms.mjs'),
  import('./seed.mjs'),
  import('./names.mjs'),
])
const fake = fakeSsm(await seededStore(), 20)
const kms = fakeKms(20)
const start = performance.now() // the store and fake clients are the test bench, not the handler
const handler =
  which === 'paramkit'
    ? (await import('./paramkit-handler.mjs')).paramkitHandler(fake.client)
    : which === 'powertools'
      ? (await import('./powertools-handler.mjs')).powertoolsHandler(fake.client)
      : await (await import('./paramkit-warm-handler.mjs')).paramkitWarmHandler(fake.client, {
          path: process.env.BENCH_SNAPSHOT,
          ...(which === 'paramkit-warm-kms'
            ? { kmsClient: kms.client, keyId: SNAPSHOT_KMS_KEY }
            : { masterKey: process.env.BENCH_SNAPSHOT_KEY }),
        })
const result = await handler({ id: 'o-1' }, { getRemainingTimeInMillis: () => 3000 })
const end = performance.now()
const ok = result.host === 'value-db/host'
const booted = handler.config?.stats().snapshot?.warmBoot?.outcome
process.stdout.write(
  `${JSON.stringify({ total: end, handler: end - start, calls: fake.total(), kmsCalls: kms.total(), booted, ok })}\n`,
)
process.exit(0)
