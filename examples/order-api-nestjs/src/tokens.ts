export const APP_ENV = Symbol('APP_ENV')
