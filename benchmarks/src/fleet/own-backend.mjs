/**
 * One instance's own backend object over the shared account, as each process has its own SDK client:
 * paramkit's adaptive rate is per backend object, so no instance learns from another's throttles.
 * `onCall` (optional) hears each call as it starts, for counting calls per second across the fleet.
 */
export function ownBackend(shared, onCall = () => {}) {
  const counted =
    (operation) =>
    (...args) => {
      onCall(operation)
      return shared[operation](...args)
    }
  return {
    name: shared.name,
    capabilities: shared.capabilities,
    get: counted('get'),
    getMany: counted('getMany'),
    list: counted('list'),
  }
}
