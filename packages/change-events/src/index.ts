export { secretNameOfArn } from './event-changes.js'
export { createInstanceQueue, type InstanceQueue, type InstanceQueueOptions } from './instance-queue.js'
export { type ParsedMessage, parseChangeMessage } from './parse-message.js'
export {
  RECEIVE,
  type Watcher,
  type WatchOptions,
  type WatchStats,
  watchChanges,
  watchDefaults,
} from './watch-changes.js'
