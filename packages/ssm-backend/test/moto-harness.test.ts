import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { ensureVenvScript as script } from '@paramkit/test-support/moto/root-scripts'
import { describe, expect, it } from 'vitest'

describe('moto harness', () => {
  it('is running for this project and answers the reset endpoint', async () => {
    expect(motoEndpoint()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const response = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: 'POST' })
    expect(response.status).toBe(200)
  })

  it('fails loudly with how to fix it when Python cannot be found, never skips', () => {
    const venv = join(mkdtempSync(join(tmpdir(), 'paramkit-venv-')), 'none')
    const run = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { PATH: '/nonexistent', PARAMKIT_VENV: venv, PARAMKIT_PYTHON: '/nonexistent/python3' },
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(
      /\[moto\] Python 3\.9\+ was not found\. Install it .*apt-get install -y python3 python3-venv/,
    )
  })
})
