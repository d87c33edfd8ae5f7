import { escapeControls } from '@paramkit/core'
import type { Context } from '../context.js'
import { writeJSON } from '../io.js'
import type { Row } from '../listing.js'
import { REDACTED, shownValue } from '../values.js'
import { type ListOptions, listRows, rowJSON } from './ls.js'

/** A level of the tree; `entry` when a name ends here, `children` when names go on below it. */
export interface TreeNode {
  name: string
  entry?: ReturnType<typeof rowJSON>
  children: TreeNode[]
}

export function buildNodes(rows: readonly Row[], options: ListOptions): TreeNode {
  const root: TreeNode = { name: '', children: [] }
  for (const row of rows) {
    let node = root
    for (const part of row.key.split('/').filter(Boolean)) {
      let child = node.children.find((c) => c.name === part)
      if (!child) {
        child = { name: part, children: [] }
        node.children.push(child)
      }
      node = child
    }
    node.entry = rowJSON(row, options)
  }
  return root
}

export async function treeCommand(ctx: Context, path: string, options: ListOptions): Promise<number> {
  const rows = await listRows(ctx, path, options)
  const root = buildNodes(rows, options)
  const levels = ctx.hierarchy.pathsFor(path).map((p) => p.path)
  if (options.json) {
    writeJSON(ctx.io, { path, levels, tree: root })
    return 0
  }
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const lines = [ctx.out('bold', levels.join(' + '))]
  const walk = (node: TreeNode, indent: string, key: string) => {
    const width = Math.max(0, ...node.children.map((c) => escapeControls(c.name).length))
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1
      const childKey = key ? `${key}/${child.name}` : child.name
      const row = byKey.get(childKey)
      const about = row
        ? `${' '.repeat(width - escapeControls(child.name).length)}  ${ctx.out('dim', escapeControls(describe(row, ctx, options)))}`
        : ''
      lines.push(`${indent}${last ? '└── ' : '├── '}${escapeControls(child.name)}${about}`)
      walk(child, indent + (last ? '    ' : '│   '), childKey)
    })
  }
  walk(root, '', '')
  ctx.io.stdout.write(`${lines.join('\n')}\n`)
  return 0
}

function describe(row: Row, ctx: Context, options: ListOptions): string {
  const { version } = row.entry
  const parts = [row.entry.type, /^\d+$/.test(version) ? `v${version}` : version.slice(0, 8)]
  if (row.level && row.level !== ctx.hierarchy.levels[0]) parts.push(`from ${row.level}`)
  if (options.values || options.reveal)
    parts.push(`= ${row.entry.sensitive && !options.reveal ? REDACTED : shownValue(row.entry, true)}`)
  return parts.join(' ')
}
