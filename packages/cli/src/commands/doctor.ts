import { backendPeers, openBackend } from '../backends.js'
import type { Context } from '../context.js'
import { arnService, checkArn } from '../doctor/arn-checks.js'
import {
  type Check,
  checkDecrypt,
  checkParameterStore,
  checkSecretsManager,
  failed,
} from '../doctor/checks.js'
import { cryptoCheck } from '../doctor/crypto.js'
import { partitionOf, type Where } from '../doctor/policy.js'
import { checkInput } from '../errors.js'
import { writeJSON } from '../io.js'
import { loadPeers } from '../optional.js'

const MARK = { ok: '✓', fail: '✗', skip: '-' } as const

/**
 * Checks what the app will need, with harmless calls only: the region, the credentials (STS
 * GetCallerIdentity), that each backend answers, and the read permissions on every level; last, the
 * cipher and implementation the cache seals with here.
 */
export async function doctorCommand(
  ctx: Context,
  options: { json?: boolean; arn?: string[] },
): Promise<number> {
  const paths = await checkInput(() => ctx.hierarchy.pathsFor('').map((p) => p.path))
  const arns = options.arn ?? []
  await checkInput(() => arns.forEach(arnService))
  const checks =
    ctx.choice.kind === 'memory' ? await memoryChecks(ctx, arns) : await awsChecks(ctx, paths, arns)
  checks.push(cryptoCheck())
  const ok = checks.every((c) => c.status !== 'fail')
  if (options.json) writeJSON(ctx.io, { ok, checks })
  else {
    const colour = { ok: 'green', fail: 'red', skip: 'dim' } as const
    const width = Math.max(...checks.map((c) => c.check.length))
    for (const c of checks) {
      ctx.io.stdout.write(
        `${ctx.out(colour[c.status], MARK[c.status])} ${c.check.padEnd(width)}  ${c.detail}\n`,
      )
      if (c.policy) ctx.io.stdout.write(`  add to ${c.policyFor ?? 'the IAM policy'}: ${c.policy}\n`)
    }
  }
  return ok ? 0 : 1
}

async function memoryChecks(ctx: Context, arns: readonly string[]): Promise<Check[]> {
  const backend = await ctx.open()
  let count = 0
  for await (const page of backend.list('/')) count += page.entries.length
  const checks: Check[] = [
    {
      check: 'memory fixture',
      status: 'ok',
      detail: `${(ctx.choice as { file: string }).file}: ${count} entries`,
    },
  ]
  // The fixture is one account: an ARN reads the name inside it, so a missing copy shows here too.
  for (const arn of arns) {
    const found = await backend.get(arn).then(
      () => true,
      () => false,
    )
    checks.push({
      check: `read ${arn}`,
      status: found ? 'ok' : 'fail',
      detail: found
        ? 'in the fixture'
        : 'not in the fixture (the memory backend reads the name inside the ARN)',
    })
  }
  return checks
}

async function awsChecks(ctx: Context, paths: string[], arns: string[]): Promise<Check[]> {
  const kind = ctx.choice.kind as 'ssm' | 'secrets-manager' | 'routed'
  // Every optional peer this doctor needs, named in one line when any is missing.
  const peers = await loadPeers(
    [...backendPeers(kind), '@aws-sdk/client-sts'],
    `doctor with --backend ${kind}`,
  )
  const { callerIdentity, sdkRegion, stsClient } = peers['@aws-sdk/client-sts']
  const checks: Check[] = []
  const sts = stsClient(ctx.region, ctx.deps.clients?.sts)
  try {
    const region = await sdkRegion(sts)
    if (!region) {
      checks.push({ check: 'region', status: 'fail', detail: 'no region: set AWS_REGION or pass --region' })
      return checks
    }
    checks.push({ check: 'region', status: 'ok', detail: region })
    const me = await callerIdentity(sts).catch((error: unknown) => {
      checks.push(failed('credentials', error, '/', undefined))
      return undefined
    })
    if (!me) return checks
    checks.push({ check: 'credentials', status: 'ok', detail: `${me.arn} (account ${me.account})` })
    const where = { partition: partitionOf(me.arn), region, account: me.account }
    checks.push(...(await backendChecks(ctx, paths, where)), ...(await arnChecks(ctx, arns, where)))
    return checks
  } finally {
    sts.close()
  }
}

/** Reachability and permissions of each AWS backend the chosen one uses. */
async function backendChecks(ctx: Context, paths: string[], where: Where): Promise<Check[]> {
  const checks: Check[] = []
  const { region } = where
  const open = (kind: 'ssm' | 'secrets-manager') =>
    openBackend(
      { kind },
      {
        region,
        routeSecrets: [],
        hierarchy: ctx.hierarchy,
        ...(ctx.deps.clients ? { clients: ctx.deps.clients } : {}),
      },
    )
  const kinds =
    ctx.choice.kind === 'routed'
      ? (['ssm', 'secrets-manager'] as const)
      : [ctx.choice.kind as 'ssm' | 'secrets-manager']
  for (const kind of kinds) {
    const backend = await open(kind)
    try {
      if (kind === 'ssm') {
        const store = await checkParameterStore(backend, paths, where)
        checks.push(
          reach('ssm', store.checks),
          ...store.checks,
          await checkDecrypt(backend, store.secure, where),
        )
      } else {
        const secrets = await checkSecretsManager(backend, paths, where)
        checks.push(reach('secrets-manager', secrets), ...secrets)
      }
    } finally {
      await backend.close?.()
    }
  }
  return checks
}

/** Each configured ARN read once, through a backend in the ARN's own region. */
async function arnChecks(ctx: Context, arns: readonly string[], where: Where): Promise<Check[]> {
  const checks: Check[] = []
  for (const arn of arns) {
    const backend = await openBackend(
      { kind: arnService(arn) },
      {
        region: arn.split(':')[3]!,
        routeSecrets: [],
        hierarchy: ctx.hierarchy,
        ...(ctx.deps.clients ? { clients: ctx.deps.clients } : {}),
      },
    )
    try {
      checks.push(await checkArn(backend, arn, where))
    } finally {
      await backend.close?.()
    }
  }
  return checks
}

/** A backend is reachable when it answered, even to refuse. */
function reach(name: string, results: readonly Check[]): Check {
  const first = results[0]!
  const answered = first.status === 'ok' || first.permission !== undefined
  return {
    check: `${name} reachable`,
    status: answered ? 'ok' : 'fail',
    detail: answered ? 'answered' : first.detail,
  }
}
