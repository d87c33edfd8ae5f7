// What both entries export besides backendConformanceSuite: nothing here needs vitest.
export { omittedGroups } from './capabilities.js'
export {
  conformanceGroups,
  labelGroup,
  listGroup,
  oneLevelListGroup,
  readGroup,
  stageGroup,
  typeGroup,
  versionGroup,
  writeGroup,
} from './conformance-groups.js'
export {
  type ConformanceGroup,
  type ConformanceOptions,
  type CreateBackend,
  collect,
  type SeedEntry,
  type SuiteContext,
} from './context.js'
export { errorKind, expectErrorCode, expectRejection } from './error-checks.js'
export type { Assertion, TestApi } from './test-api.js'
