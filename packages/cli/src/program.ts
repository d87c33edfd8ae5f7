import { Command, CommanderError, Option } from 'commander'
import { diffCommand } from './commands/diff.js'
import { doctorCommand } from './commands/doctor.js'
import { execCommand } from './commands/exec.js'
import { getCommand } from './commands/get.js'
import { lsCommand } from './commands/ls.js'
import { pullCommand } from './commands/pull.js'
import { pullSnapshotCommand } from './commands/pull-snapshot.js'
import { pushCommand } from './commands/push.js'
import { treeCommand } from './commands/tree.js'
import { type CliDeps, type Context, type GlobalOptions, makeContext } from './context.js'
import { formatError, UsageError } from './errors.js'
import { type CliIO, EXIT, type ExitStatus } from './io.js'

type Handler = (
  ctx: Context,
  operands: unknown[],
  options: Record<string, unknown>,
) => Promise<number | ExitStatus>

const collect = (value: string, previous: string[] = []) => [...previous, value]

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`
}

declare const __PARAMKIT_CLI_VERSION__: string | undefined

/** Set by the build from package.json (tsup `define`); tests that run the source see `0.0.0-source`. */
const cliVersion = typeof __PARAMKIT_CLI_VERSION__ === 'string' ? __PARAMKIT_CLI_VERSION__ : '0.0.0-source'

/** `pull --out` writes a fixture, `pull --snapshot` a sealed snapshot: exactly one of them, each with its own options. */
function pull(ctx: Context, path: string, o: Record<string, unknown>): Promise<number> {
  const given = (names: string[]) => names.filter((name) => o[name] !== undefined)
  if ((o.out === undefined) === (o.snapshot === undefined))
    throw new UsageError(
      'pull needs exactly one of --out FILE (a fixture) or --snapshot FILE (a sealed snapshot)',
    )
  const stray = o.out === undefined ? given(['secrets']) : given(['kmsKeyId', 'namespace'])
  if (stray.length > 0) {
    const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    throw new UsageError(
      `${stray.map(flag).join(', ')} cannot be used with ${o.out === undefined ? '--snapshot' : '--out'}`,
    )
  }
  return o.out === undefined ? pullSnapshotCommand(ctx, path, o as never) : pullCommand(ctx, path, o as never)
}

/** The `paramkit` program; each command's action sets `status`. */
function buildProgram(io: CliIO, deps: CliDeps, done: (status: ExitStatus) => void): Command {
  const program = new Command('paramkit')
    .description(
      'Read, copy and check configuration in Parameter Store, Secrets Manager and memory fixtures.',
    )
    .option('--env <env>', 'fills {env} in the prefix and fallbacks (default: $APP_ENV)')
    .option('--service <service>', 'fills {service}; the prefix defaults to /{env}/{service}')
    .option('--prefix <template>', "the service's own level, e.g. /{env}/{service}")
    .option('--fallback <template>', 'a level tried when a key is missing there (repeatable)', collect)
    .option(
      '--backend <name>',
      'ssm | secrets-manager | routed | memory:FILE (default: $PARAMKIT_BACKEND or ssm)',
    )
    .option(
      '--route-secrets <key>',
      'with --backend routed: a key or path kept in Secrets Manager (repeatable)',
      collect,
    )
    .option('--region <region>', 'AWS region (default: $AWS_REGION)')
    .version(cliVersion, '-V, --version', 'print the version of @paramkit/cli')
    .option('--debug', 'print stack traces and causes with errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    })
    .addHelpText(
      'after',
      examples([
        'paramkit --env prod --service order-api tree',
        'paramkit doctor --env prod --service order-api',
      ]),
    )

  const define = (name: string, description: string, lines: string[], handler: Handler) =>
    program
      .command(name)
      .description(description)
      .addHelpText('after', examples(lines))
      .action(async (...args: unknown[]) => {
        const command = args[args.length - 1] as Command
        const ctx = await makeContext(command.optsWithGlobals<GlobalOptions>(), io, deps)
        const result = await handler(ctx, args.slice(0, -2), command.opts())
        done(typeof result === 'number' ? { code: result } : result)
      })

  define(
    'get',
    'resolve KEY through the hierarchy and fallbacks; say which level answered',
    [
      'paramkit --env prod --service order-api --fallback /shared get database/host',
      'paramkit --env prod --service order-api get database/password --reveal --json',
    ],
    (ctx, [key], o) => getCommand(ctx, key as string, o),
  )
    .argument('<key>', 'relative key (database/host) or full name (/prod/order-api/database/host)')
    .option('--reveal', 'show a secret value instead of [redacted]')
    .option('--json', 'print JSON (see README: JSON output)')

  for (const [name, description, handler] of [
    ['ls', 'list names, types, versions and last-modified under PATH', lsCommand],
    ['tree', 'show the hierarchy under PATH as a tree', treeCommand],
  ] as const) {
    define(
      name,
      description,
      [
        `paramkit --env prod --service order-api ${name} database`,
        `paramkit --backend memory:fixture.json ${name} /prod/order-api --values`,
      ],
      (ctx, [path], o) => handler(ctx, (path as string | undefined) ?? '', o),
    )
      .argument('[path]', 'relative to each level, or absolute', '')
      .option('--values', 'show values (secrets stay [redacted])')
      .option('--reveal', 'show values, secrets included')
      .option('--json', 'print JSON (see README: JSON output)')
  }

  define(
    'pull',
    'write everything under PATH, at every level, as a memory-backend fixture; or seal a warm-boot snapshot',
    [
      'paramkit --env staging --service order-api --fallback /shared pull --out staging.json',
      'paramkit --env prod --service order-api --fallback /shared pull --snapshot config.snapshot --kms-key-id alias/order-api',
    ],
    (ctx, [path], o) => pull(ctx, (path as string | undefined) ?? '', o),
  )
    .argument('[path]', 'relative to each level, or absolute', '')
    .option('--out <file>', 'fixture file to write')
    .addOption(
      new Option(
        '--secrets <mode>',
        'placeholder: <placeholder:NAME> (default); include: real values',
      ).choices(['placeholder', 'include']),
    )
    .option(
      '--snapshot <file>',
      'write a sealed snapshot for createConfig({ snapshot: { warmBoot } }) instead',
    )
    .option('--kms-key-id <id>', "with --snapshot: the KMS key that wraps the snapshot's data key")
    .option(
      '--namespace <namespace>',
      "with --snapshot: the service's cache namespace (default paramkit:BACKEND)",
    )
    .option('--json', 'print JSON (see README: JSON output)')

  define(
    'push',
    'write a fixture into the backend: plan first, then adaptive-rate writes',
    [
      'paramkit --backend ssm push staging.json --dry-run',
      'paramkit --backend routed --route-secrets database/password --env staging --service order-api push staging.json --overwrite',
    ],
    (ctx, [file], o) => pushCommand(ctx, file as string, o),
  )
    .argument('<file>', 'fixture in the memory backend format')
    .option('--dry-run', 'print the plan, write nothing')
    .option('--overwrite', 'update entries that exist with another value (else they are skipped)')
    .option('--no-progress', 'never show the progress bar')
    .option('--json', 'print JSON (see README: JSON output)')

  define(
    'diff',
    "compare two environments' keys, types and values (secrets by keyed hash)",
    ['paramkit --service order-api --fallback /shared diff staging prod'],
    (ctx, [a, b], o) => diffCommand(ctx, a as string, b as string, o),
  )
    .argument('<env-a>')
    .argument('<env-b>')
    .option('--values', 'show differing plain values (never secrets)')
    .option('--json', 'print JSON (see README: JSON output)')

  define(
    'exec',
    'run a command with the tree as environment variables (database/host -> DATABASE_HOST)',
    [
      'paramkit --env prod --service order-api exec -- node server.js',
      'paramkit --env prod --service order-api exec --allow-env NODE_OPTIONS --override -- node server.js',
    ],
    (ctx, [argv], o) => execCommand(ctx, argv as string[], o),
  )
    .argument('<command...>', 'the command and its arguments, after --')
    .option(
      '--allow-env <name>',
      'let a parameter set this variable although it changes how the child runs (PATH, NODE_OPTIONS, LD_*, *_PROXY...; repeatable)',
      collect,
    )
    .option('--override', 'parameters replace variables already set in the environment (default: kept)')

  define(
    'doctor',
    'check region, credentials, reachability and the permissions the app needs',
    [
      'paramkit --env prod --service order-api --fallback /shared doctor',
      'paramkit --backend routed --route-secrets database/password --env prod --service order-api doctor --json',
      'paramkit --backend ssm doctor --arn arn:aws:ssm:us-east-1:111122223333:parameter/shared/db/host',
    ],
    (ctx, _, o) => doctorCommand(ctx, o),
  )
    .option('--json', 'print JSON (see README: JSON output)')
    .option(
      '--arn <arn...>',
      'also check a shared parameter or secret read by its full ARN (IAM, RAM or resource policy, KMS key policy)',
    )

  return program
}

/**
 * Runs the CLI on `argv` (without `node` and the script). Never throws and never exits: returns
 * the exit status, 0 ok, 1 runtime error, 2 usage error, or what `exec`'s child ended with.
 */
export async function runCli(argv: readonly string[], io: CliIO, deps: CliDeps = {}): Promise<ExitStatus> {
  let status: ExitStatus = { code: EXIT.ok }
  const program = buildProgram(io, deps, (s) => {
    status = s
  })
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return status
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return { code: EXIT.ok }
      if (error.code !== 'commander.help') {
        const command = program.commands.find((c) => argv.includes(c.name()))
        const help = command ? `paramkit ${command.name()} --help` : 'paramkit --help'
        io.stderr.write(
          formatError(new UsageError(error.message.replace(/^error: /, ''), `see '${help}'`), false),
        )
      }
      return { code: EXIT.usage }
    }
    io.stderr.write(formatError(error, argv.includes('--debug')))
    return { code: error instanceof UsageError ? EXIT.usage : EXIT.runtime }
  }
}
