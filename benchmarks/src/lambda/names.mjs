export const NAMES = ['db/host', 'db/port', 'db/user', 'feature/v2', 'api/url']
export const PREFIX = '/prod/orders'
