import { fileURLToPath } from 'node:url'

/** The repository's `scripts/moto/ensure-venv.mjs`, which `npm test` runs before the tests to install moto. */
export const ensureVenvScript = fileURLToPath(
  new URL('../../../../scripts/moto/ensure-venv.mjs', import.meta.url),
)
