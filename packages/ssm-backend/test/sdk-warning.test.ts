import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sdkWarningSwitch, silenceRepeatedSdkWarning } from '@paramkit/test-support/sdk-node-warning'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/** Runs the SDK's own version check twice, as two clients' runtime configs would, for Node 20. */
function sdkCheckStderr(env: NodeJS.ProcessEnv): string {
  const script = `import { emitWarningIfUnsupportedVersion } from '@aws-sdk/core/client'
emitWarningIfUnsupportedVersion('v20.19.0')
emitWarningIfUnsupportedVersion('v20.19.0')
`
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env,
    encoding: 'utf8',
  })
  expect(run.status).toBe(0)
  return run.stderr
}

const withoutSwitch = () => {
  const env = { ...process.env }
  delete env[sdkWarningSwitch]
  return env
}

describe('the AWS SDK NodeVersionSupportWarning in test runs', () => {
  it('the SDK warns per process without the switch (the 29 repeats a run used to print)', () => {
    expect(sdkCheckStderr(withoutSwitch()).match(/NodeVersionSupportWarning/g)).toHaveLength(1)
  })

  it('is said once for the run on Node 20, and every process the run starts stays quiet', () => {
    const env = withoutSwitch()
    const notice = silenceRepeatedSdkWarning(env, 'v20.19.0')
    expect(notice).toMatch(
      /^NodeVersionSupportWarning \(shown once, not per process\).*Node >= 22.*v20\.19\.0/,
    )
    expect(env[sdkWarningSwitch]).toBe('true')
    expect(sdkCheckStderr(env)).not.toContain('NodeVersionSupportWarning')
  })

  it('says nothing on Node 22 and 24', () => {
    for (const version of ['v22.23.3', 'v24.21.0']) {
      const env = withoutSwitch()
      expect(silenceRepeatedSdkWarning(env, version)).toBeUndefined()
      expect(env[sdkWarningSwitch]).toBe('true')
    }
  })

  it("leaves a user's own choice alone", () => {
    const env = { [sdkWarningSwitch]: 'false' }
    expect(silenceRepeatedSdkWarning(env, 'v20.19.0')).toBeUndefined()
    expect(env[sdkWarningSwitch]).toBe('false')
    expect(sdkCheckStderr({ ...process.env, ...env })).toContain('NodeVersionSupportWarning')
  })
})
