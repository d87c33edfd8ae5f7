import { type ArgumentsHost, Catch, Logger } from '@nestjs/common'
import { BaseExceptionFilter } from '@nestjs/core'
import { errorLogLine, errorResponse, isParamkitError } from '@paramkit/core'

/**
 * A global exception filter that never returns a configuration error's message: a paramkit error answers
 * with its code and a generic sentence (500, or 503 when the backend is unavailable), its detail goes to
 * Nest's logger as one line (core's messages hold no value, control characters escaped). Every other
 * exception is Nest's default handling. Register it with `{ provide: APP_FILTER, useClass:
 * ParamkitExceptionFilter }` or `app.useGlobalFilters(new ParamkitExceptionFilter(httpAdapter))`.
 */
@Catch()
export class ParamkitExceptionFilter extends BaseExceptionFilter {
  private readonly log = new Logger('paramkit')

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!isParamkitError(exception) || host.getType() !== 'http') {
      super.catch(exception, host)
      return
    }
    this.log.error(errorLogLine(exception))
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter
    const { status, body } = errorResponse(exception)
    const response = host.switchToHttp().getResponse()
    if (adapter) adapter.reply(response, { statusCode: status, ...body }, status)
  }
}
