/** The AWS SDK's documented switch for its NodeVersionSupportWarning (@aws-sdk/core emitWarningIfUnsupportedVersion). */
export const sdkWarningSwitch = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'

/**
 * The AWS SDK v3 warns once per process on Node < 22, and a test run has dozens of processes
 * (workers, spawned examples). Shows the notice once for the whole run and sets the SDK's switch so
 * no process repeats it. Returns the notice, or undefined when there is nothing to say (Node 22+, or
 * the switch was already set by the user, who then chose silence).
 */
export function silenceRepeatedSdkWarning(
  env: NodeJS.ProcessEnv = process.env,
  nodeVersion: string = process.version,
): string | undefined {
  if (env[sdkWarningSwitch] !== undefined) return undefined
  env[sdkWarningSwitch] = 'true'
  const major = Number(nodeVersion.slice(1).split('.')[0])
  if (major >= 22) return undefined
  return (
    `NodeVersionSupportWarning (shown once, not per process): AWS SDK v3 releases after the first week ` +
    `of January 2027 require Node >= 22; this run is on Node ${nodeVersion}. Set ${sdkWarningSwitch}=false to see the SDK's own warnings.`
  )
}
