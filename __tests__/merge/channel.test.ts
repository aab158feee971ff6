/** The solver's rule the merge checks on the runner: exactly one build of each package per compiler. */
import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { writeCondaPackage, type CondaIndex } from '../../src/assemble/conda-package.js'
import { buildFor, channelRecord, type ChannelRecord } from '../../src/merge/channel.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

afterAll(removeTempDirs)

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

describe('channelRecord', () => {
  const index: CondaIndex = {
    name: 'greet',
    version: '0.1.0',
    build: 'mojo_1.2.0_0',
    build_number: 0,
    depends: ['mojo-compiler ==1.2.0'],
    subdir: 'noarch',
    timestamp: 0
  }
  /** A cell's .conda holding `changes` in its info/index.json, under the name the main step gives it. */
  async function conda(changes: Record<string, unknown>, fileName?: string): Promise<string> {
    const dir = tempDir('cell')
    const written = await writeCondaPackage(
      { index: { ...index, ...changes } as CondaIndex, about: {}, files: [] },
      dir,
      0,
      1
    )
    if (fileName === undefined) return written
    fs.renameSync(written, path.join(dir, fileName))
    return path.join(dir, fileName)
  }

  it('reads the record of a package the main step wrote', async () => {
    expect((await channelRecord(await conda({}))).name).toBe('greet')
  })

  it.each([
    ['a name with markup the summary and INSTALL.md would show', { name: '<img src=x>|greet' }],
    ['a version with a pipe that would split the table row', { version: '0.1.0 | ✅' }],
    ['depends that are not strings', { depends: [{ name: 'x' }] }],
    ['a timestamp that stamps the archives with no time', { timestamp: 1e300 }]
  ])('refuses an info/index.json with %s, naming the file', async (_, changes) => {
    const file = await conda(changes, 'greet-0.1.0-mojo_1.2.0_0.conda')
    await expect(channelRecord(file)).rejects.toThrow(
      /^greet-0\.1\.0-mojo_1\.2\.0_0\.conda: its info\/index\.json/
    )
  })

  it('refuses an info/index.json that names another package than its file', async () => {
    const file = await conda({ name: 'other' }, 'greet-0.1.0-mojo_1.2.0_0.conda')
    await expect(channelRecord(file)).rejects.toThrow('names other-0.1.0-mojo_1.2.0_0, not the file')
  })
})
