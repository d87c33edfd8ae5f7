// The same order handler on Powertools Parameters: fetched in the handler, kept in its own cache.
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm'
import { NAMES, PREFIX } from './names.mjs'

export function powertoolsHandler(client) {
  const provider = new SSMProvider({ awsSdkV3Client: client })
  const byName = Object.fromEntries(NAMES.map((n) => [`${PREFIX}/${n}`, {}]))
  const handler = async (event) => {
    const values = await provider.getParametersByName(byName, { throwOnError: true })
    return { id: event.id, host: values[`${PREFIX}/db/host`], v2: values[`${PREFIX}/feature/v2`] === 'true' }
  }
  // For the benchmark: every cached value expires at once.
  return Object.assign(handler, { expire: () => provider.clearCache() })
}
