export const NAMES = ['db/host', 'db/port', 'db/user', 'feature/v2', 'api/url']
export const PREFIX = '/prod/orders'
export const SNAPSHOT_KMS_KEY = 'alias/orders-config'
