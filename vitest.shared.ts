import { fileURLToPath } from 'node:url'

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

/** Tests import workspace packages from source, so coverage and edits need no rebuild. Pack tests use dist. */
export const workspaceAliases = {
  '@paramkit/core/backend': fileURLToPath(new URL('./packages/core/src/backend-entry.ts', import.meta.url)),
  '@paramkit/core/testing': fileURLToPath(new URL('./packages/core/src/testing-entry.ts', import.meta.url)),
  '@paramkit/core': pkg('core'),
  '@paramkit/aws': pkg('aws'),
  '@paramkit/memory-backend': pkg('memory-backend'),
  '@paramkit/backend-test-suite': pkg('backend-test-suite'),
  '@paramkit/ssm-backend': pkg('ssm-backend'),
  '@paramkit/secrets-manager-backend': pkg('secrets-manager-backend'),
  '@paramkit/kms': pkg('kms'),
  '@paramkit/express': pkg('express'),
  '@paramkit/nestjs': pkg('nestjs'),
  '@paramkit/change-events': pkg('change-events'),
  '@paramkit/cli': pkg('cli'),
}

/** For example apps, whose tests start the app (a child process, or Nest's bootstrap): seconds on a loaded machine. */
export const exampleProject = { testTimeout: 30_000 }

/** For projects whose tests talk to moto: one server per project, files one at a time, moto reset per file. */
export const motoProject = {
  globalSetup: [fileURLToPath(new URL('./packages/test-support/src/moto/global-setup.ts', import.meta.url))],
  setupFiles: [fileURLToPath(new URL('./packages/test-support/src/moto/reset.ts', import.meta.url))],
  fileParallelism: false,
  testTimeout: 30_000,
  hookTimeout: 120_000,
}
