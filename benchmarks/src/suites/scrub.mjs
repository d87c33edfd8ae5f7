// Suite: scrubbing schema messages of secrets. 1 MB of message text, 100 secrets (escape-rich and
// backslash-heavy), a few quoted in it: the time of one scrub. Linear-time scrubbing keeps this within
// 50 ms; the reported pathological case (a secret of backslashes, a text of backslashes) is a row too.
import { SecretForms } from '@paramkit/core/testing'

const MB = 1 << 20

function secrets(n) {
  const out = []
  for (let i = 0; i < n; i++) {
    const kind = i % 4
    if (kind === 0) out.push(`pw-${i}-"q\\t\n%+é😀`)
    else if (kind === 1) out.push(`${'\\'.repeat(8)}x${i}`)
    else if (kind === 2) out.push(`tok_${i.toString(36).padStart(6, 'z')}Kq9`)
    else out.push(`${'ab'.repeat(10)}${i}`)
  }
  return out
}

function text(list) {
  const parts = []
  let size = 0
  for (let i = 0; size < MB; i++) {
    const piece =
      i % 50 === 0
        ? ` value ${JSON.stringify(list[i % list.length])} `
        : ` a${'\\'.repeat(i % 30)}b the field failed its rule at db.port `
    parts.push(piece)
    size += piece.length
  }
  return parts.join('').slice(0, MB)
}

function timeOf(run, times) {
  const samples = []
  for (let i = 0; i < times; i++) {
    const start = performance.now()
    run()
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[Math.floor(samples.length / 2)], max: samples[samples.length - 1] }
}

export async function scrubSuite({ quick }) {
  const times = quick ? 5 : 15
  const list = secrets(100)
  const forms = new SecretForms(list)
  const input = text(list)
  const rows = []
  const mixed = timeOf(() => forms.scrub(input), times)
  rows.push({
    case: '1 MB, 100 secrets, quoted ones among them',
    'median ms': mixed.median,
    'max ms': mixed.max,
    'budget ms': 50,
  })
  const evil = new SecretForms([`${'\\'.repeat(8)}x`])
  const slashes = '\\'.repeat(MB)
  const worst = timeOf(() => evil.scrub(slashes), times)
  rows.push({
    case: '1 MB of backslashes, secret of 8 backslashes + x',
    'median ms': worst.median,
    'max ms': worst.max,
    'budget ms': 50,
  })
  const build = timeOf(() => new SecretForms(list), times)
  rows.push({ case: 'building the forms of 100 secrets', 'median ms': build.median, 'max ms': build.max })
  return { title: 'Scrubbing messages of secrets (linear time)', rows }
}
