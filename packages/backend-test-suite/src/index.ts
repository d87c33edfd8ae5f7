export { type ConformanceOptions, type CreateBackend, collect, type SeedEntry } from './context.js'
export { backendConformanceSuite, omittedGroups } from './suite.js'
