export { type ErrorHandlerOptions, paramkitErrorHandler } from './error-handler.js'
export { loadBeforeListen, type ParamkitExpressOptions, paramkit } from './middleware.js'
export { type Register, type RegisteredConfig, type RequestConfig, requestConfig } from './request-config.js'
