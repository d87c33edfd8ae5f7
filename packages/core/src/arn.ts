import { invalidName } from './name-errors.js'

/** A full Amazon Resource Name, as `get`, `getSecret` and `getMany` accept one. */
export interface Arn {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly account: string
  /** What follows the account: `parameter/prod/db/host`, `secret:prod/db-AbCdEf`. */
  readonly resource: string
}

const ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso(?:-[a-z])?):([a-z0-9-]+):([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):(.+)$/

/** Whether `name` is written as an ARN (it may still be malformed: `parseArn` says). */
export function isArn(name: string): boolean {
  return name.startsWith('arn:')
}

/** The parts of a well-formed ARN; a ValidationError naming the ARN and rule `arn-format` otherwise. */
export function parseArn(name: string): Arn {
  const match = ARN.exec(name)
  if (!match) {
    invalidName(
      name,
      'arn-format',
      'an ARN is arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, with a region such as us-east-1 and a 12-digit account',
    )
  }
  const [, partition, service, region, account, resource] = match as unknown as string[]
  return { partition: partition!, service: service!, region: region!, account: account!, resource: resource! }
}

/** A well-formed ARN of `service` (`ssm`, `secretsmanager`): the `arn-service` rule names the service that does not match. */
export function checkArnService(name: string, service: string, backend: string): Arn {
  const arn = parseArn(name)
  if (arn.service !== service) {
    invalidName(name, 'arn-service', `the ${backend} backend reads ${service} ARNs, not ${arn.service} ones`)
  }
  return arn
}
