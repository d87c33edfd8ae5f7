#!/usr/bin/env node
// Committed, not built: `npm ci` on a fresh clone links `paramkit` to this file before dist/ exists.
try {
  await import('../dist/bin.js')
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('bin.js')) throw error
  console.error('paramkit: the CLI is not built yet; run `npm run build` in the repository first')
  process.exitCode = 1
}
