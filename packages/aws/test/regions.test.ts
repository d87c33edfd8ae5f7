import { regionalBackend } from '@paramkit/aws'
import { BackendUnavailableError } from '@paramkit/core'
import type { Backend } from '@paramkit/core/backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

interface FakeOptions {
  regions?: readonly string[]
  clients?: readonly { id: string }[]
  client?: { id: string }
  clientConfig?: { region?: string; endpoint?: string }
}

/** A backend per call, recording the options it was built with; nothing is created until a read. */
function factory() {
  const built: FakeOptions[] = []
  const rotated: string[] = []
  const single = (options: FakeOptions) => {
    built.push(options)
    const where = options.clientConfig?.region ?? options.client?.id ?? 'default'
    return {
      name: 'fake',
      capabilities: {
        write: true,
        types: ['String'],
        versionSelectors: false,
        labelSelectors: false,
        stages: false,
        nonRecursiveList: false,
        maxValueBytes: 10,
        batchSize: 10,
      },
      get: async (name: string) => ({ name, value: where, type: 'String', version: '1', sensitive: false }),
      getMany: async () => ({ entries: [], missing: [], invalid: [] }),
      async *list() {},
      rotate: async (name: string) => {
        rotated.push(`${where}:${name}`)
        return '1'
      },
    } as Backend & { rotate(name: string): Promise<string> }
  }
  return { built, rotated, single }
}

describe('regionalBackend', () => {
  it('without regions or clients, builds the one backend as it is', () => {
    const { built, single } = factory()
    const backend = regionalBackend('fake', { clientConfig: { region: 'eu-west-1' } }, single)
    expect(backend.name).toBe('fake')
    expect(built).toEqual([{ clientConfig: { region: 'eu-west-1' } }])
  })

  it('with regions: one backend per region in order, each keeping the rest of clientConfig, behind failover', async () => {
    const { built, rotated, single } = factory()
    const backend = regionalBackend(
      'fake',
      { regions: ['us-east-1', 'us-west-2'], clientConfig: { endpoint: 'http://x' } },
      single,
    )
    expect(backend.name).toBe('fake(us-east-1,us-west-2)')
    expect(built.map((o) => o.clientConfig)).toEqual([
      { endpoint: 'http://x', region: 'us-east-1' },
      { endpoint: 'http://x', region: 'us-west-2' },
    ])
    expect(await backend.get('/a')).toMatchObject({ value: 'us-east-1', servedBy: 'fake(us-east-1)' })
    // What failover does not know (a rotation) is a write: the first region's.
    await backend.rotate('/a')
    expect(rotated).toEqual(['us-east-1:/a'])
  })

  it("reads an ARN in each member's own region, and names the entry by the ARN asked", async () => {
    const asked: string[] = []
    const single = (options: FakeOptions) => {
      const region = options.clientConfig?.region
      const base = factory().single(options)
      return {
        ...base,
        get: async (name: string) => {
          asked.push(name)
          if (region === 'us-east-1') throw new BackendUnavailableError('connect ECONNREFUSED')
          return { name, value: region, type: 'String', version: '1', sensitive: false }
        },
        getMany: async (names: readonly string[]) => {
          asked.push(...names)
          return {
            entries: names.map((name) => ({
              name,
              value: region,
              type: 'String',
              version: '1',
              sensitive: false,
            })),
            missing: [],
            invalid: [],
          }
        },
      } as unknown as ReturnType<ReturnType<typeof factory>['single']>
    }
    const arn = 'arn:aws:ssm:us-east-1:111122223333:parameter/shared/db'
    const backend = regionalBackend('fake', { regions: ['us-east-1', 'us-west-2'] }, single)
    expect(await backend.get(arn)).toMatchObject({
      name: arn,
      value: 'us-west-2',
      servedBy: 'fake(us-west-2)',
    })
    expect(asked).toEqual([arn, arn.replace('us-east-1', 'us-west-2')])
    // A plain name is asked as it is.
    expect((await backend.get('/plain')).name).toBe('/plain')
  })

  it('with clients: one backend per client, named by position; one region is no failover', () => {
    const { single } = factory()
    const two = regionalBackend('fake', { clients: [{ id: 'a' }, { id: 'b' }] }, single)
    expect(two.name).toBe('fake(0,1)')
    const one = regionalBackend('fake', { regions: ['us-east-1'] }, single)
    expect(one.name).toBe('fake(us-east-1)')
  })

  it('refuses conflicting or malformed settings before building anything, naming the rule', () => {
    const cases: [FakeOptions, string][] = [
      [{ regions: ['us-east-1'], clients: [{ id: 'a' }] }, 'regions-or-clients'],
      [{ regions: ['us-east-1'], client: { id: 'a' } }, 'regions-or-client'],
      [{ regions: [] }, 'regions-empty'],
      [{ regions: ['us-east-1', 'us-east-1'] }, 'regions-unique'],
    ]
    for (const [options, rule] of cases) {
      const { built, single } = factory()
      expect(() => regionalBackend('fake', options, single)).toThrow(`rule: ${rule}`)
      expect(built).toEqual([])
    }
  })

  it('accepts every region-shaped name and refuses anything else as region-format', () => {
    const region = fc
      .tuple(
        fc.stringMatching(/^[a-z]{2}$/),
        fc.array(fc.stringMatching(/^[a-z]{1,9}$/), { minLength: 1, maxLength: 2 }),
        fc.nat(9),
      )
      .map(([area, parts, n]) => `${area}-${parts.join('-')}-${n}`)
    fc.assert(
      fc.property(region, (r) => {
        const { single } = factory()
        expect(regionalBackend('fake', { regions: [r] }, single).name).toBe(`fake(${r})`)
      }),
    )
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(s)),
        (bad) => {
          const { built, single } = factory()
          expect(() => regionalBackend('fake', { regions: [bad] }, single)).toThrow('rule: region-format')
          expect(built).toEqual([])
        },
      ),
    )
  })
})
