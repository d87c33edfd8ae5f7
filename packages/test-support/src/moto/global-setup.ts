import type { TestProject } from 'vitest/node'
import './clients.js'
import { startMoto } from '../../../../scripts/moto/server.mjs'

/**
 * Starts one moto server for a vitest project (installing it into .venv if needed) and hands
 * its endpoint to the tests; stops it when the project's run ends. Fails, never skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { url, stop } = await startMoto()
  project.provide('motoEndpoint', url)
  return stop
}
