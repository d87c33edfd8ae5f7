// npm start: invokes the order-api Lambda locally, as the runtime would, with events/get-order.json:
// once through the plain wrapper, once through middy. APP_ENV=dev|staging|prod,
// PARAMKIT_BACKEND=memory (default)|ssm|secrets-manager|routed (AWS, or moto after `npm run moto`);
// PARAMKIT_SNAPSHOT=FILE with PARAMKIT_SNAPSHOT_KEY: warm boot from `npm run snapshot`'s file.
import { readFileSync } from 'node:fs'
import { startOrExit } from '../fixtures/startup.mjs'

const event = JSON.parse(readFileSync(new URL('./events/get-order.json', import.meta.url), 'utf8'))
/** A Lambda context with a 3 s timeout counting down from now. */
const context = (requestId) => {
  const deadline = Date.now() + 3000
  return {
    awsRequestId: requestId,
    functionName: 'order-api',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  }
}

const { plain, viaMiddy, config, env, bootState } = await startOrExit('order-api-lambda', async () => {
  const [{ handler: plain }, { handler: viaMiddy }, { config, env, bootState }] = await Promise.all([
    import('./handler.mjs'),
    import('./middy-handler.mjs'),
    import('./config.mjs'),
  ])
  return { plain, viaMiddy, config, env, bootState }
})
console.log(`order-api-lambda (${env}) on the ${config.backendName} backend, event ${event.routeKey}`)
if (process.env.PARAMKIT_SNAPSHOT) {
  // The init load (the wrappers' preload of `required`) boots from the snapshot; its failure is the invocation's to report.
  await plain.ready.catch(() => {})
  const { outcome, reason, origins, backendCalls } = bootState()
  console.log(
    `warm boot: ${outcome}${reason ? ` (${reason})` : ''}, ${backendCalls} backend calls at init, origins ${JSON.stringify(origins)}`,
  )
}
try {
  for (const [name, handler] of [
    ['withConfig', plain],
    ['middy', viaMiddy],
  ]) {
    const result = await startOrExit('order-api-lambda', () => handler(event, context(`local-${name}`)))
    console.log(`${name}: ${JSON.stringify(result)}`)
  }
} finally {
  await config.close()
}
