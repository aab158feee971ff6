/** The solver's rule the merge checks on the runner: exactly one build of each package per compiler. */
import { describe, expect, it } from '@jest/globals'
import { buildFor, type ChannelRecord } from '../../src/merge/channel.js'

function record(name: string, mojo: string, depends: string[] = []): ChannelRecord {
  const build = `mojo_${mojo}_0`
  return {
    file: `${name}-0.1.0-${build}.conda`,
    name,
    version: '0.1.0',
    build,
    build_number: 0,
    depends: [`mojo-compiler ==${mojo}`, ...depends],
    subdir: 'noarch',
    timestamp: 0,
    md5: '0'.repeat(32),
    sha256: '0'.repeat(64),
    size: 1
  }
}

describe('buildFor', () => {
  it("picks the build for the compiler, and its dependencies' builds for the same compiler", () => {
    const records = ['1.1.0', '1.2.0'].flatMap((mojo) => [
      record('data', mojo),
      record('training', mojo, ['data ==0.1.0'])
    ])
    expect(buildFor(records, 'training', '1.1.0')).toEqual({
      records: [records[1], records[0]]
    })
  })

  it('says so when no build depends on that compiler', () => {
    expect(buildFor([record('data', '1.2.0')], 'data', '1.1.0')).toEqual({
      reason: 'the channel has no build of data for mojo-compiler ==1.1.0'
    })
  })

  it('says so when two builds match one compiler, where a solver would pick either', () => {
    const twice = [
      record('data', '1.2.0'),
      { ...record('data', '1.2.0'), build: 'other', file: 'other.conda' }
    ]
    expect(buildFor(twice, 'data', '1.2.0')).toEqual({
      reason: 'the channel has 2 builds of data for mojo-compiler ==1.2.0'
    })
  })
})
