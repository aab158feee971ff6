import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { writeChecksums } from '../../src/assemble/checksums.js'
import { writeManifest } from '../../src/assemble/manifest.js'
import { promoteStaging } from '../../src/assemble/promote.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { dummyPackages } from './support.js'

afterAll(removeTempDirs)

/** A complete staging folder: packages, SHA256SUMS, manifest.json. */
async function staging(parent = tempDir('staging')): Promise<string> {
  const dir = fs.mkdtempSync(path.join(parent, 'staging-'))
  const artifacts = dummyPackages(dir)
  await writeChecksums(dir, artifacts)
  await writeManifest(dir, { mojo: '1.2.0', version: '0.1.0', artifacts })
  return dir
}

/** A workspace whose dist/ holds the output of an earlier run. */
function previousDist(): string {
  const dist = path.join(tempDir('workspace'), 'dist')
  fs.mkdirSync(dist)
  fs.writeFileSync(path.join(dist, 'old-0.0.9.mojoc'), 'old')
  return dist
}

const list = (dir: string): string[] => fs.readdirSync(dir).sort()

describe('promoteStaging', () => {
  it('moves a complete staging folder into a new output folder', async () => {
    const from = await staging()
    const dist = path.join(tempDir('workspace'), 'dist')
    await promoteStaging(from, dist)
    expect(list(dist)).toEqual([
      'SHA256SUMS',
      'data-0.1.0.mojoc',
      'manifest.json',
      'odyssey_utils-0.1.0.mojoc',
      'training-0.1.0.mojoc'
    ])
  })

  it('replaces an earlier output folder and leaves no temporary folders beside it', async () => {
    const dist = previousDist()
    await promoteStaging(await staging(), dist)
    expect([list(path.dirname(dist)), list(dist).includes('old-0.0.9.mojoc')]).toEqual([['dist'], false])
  })

  it('leaves the earlier output folder untouched when a listed file is missing', async () => {
    const dist = previousDist()
    const from = await staging()
    fs.rmSync(path.join(from, 'training-0.1.0.mojoc'))
    await expect(promoteStaging(from, dist)).rejects.toThrow('incomplete (training-0.1.0.mojoc is missing)')
    expect([list(path.dirname(dist)), list(dist)]).toEqual([['dist'], ['old-0.0.9.mojoc']])
  })

  it('leaves the earlier output folder untouched when a file does not match its checksum', async () => {
    const dist = previousDist()
    const from = await staging()
    fs.appendFileSync(path.join(from, 'data-0.1.0.mojoc'), 'truncated write')
    await expect(promoteStaging(from, dist)).rejects.toThrow('data-0.1.0.mojoc does not match its sha256')
    expect(list(dist)).toEqual(['old-0.0.9.mojoc'])
  })

  it('leaves the earlier output folder untouched when SHA256SUMS was never written', async () => {
    const dist = previousDist()
    const from = await staging()
    fs.rmSync(path.join(from, 'SHA256SUMS'))
    await expect(promoteStaging(from, dist)).rejects.toThrow('incomplete (no SHA256SUMS)')
    expect(list(dist)).toEqual(['old-0.0.9.mojoc'])
  })

  it('refuses a staging folder inside the output folder', async () => {
    const dist = previousDist()
    const from = await staging(dist)
    await expect(promoteStaging(from, dist)).rejects.toThrow('must not contain each other')
  })

  it('copies a staging folder from another file system', async () => {
    if (!fs.existsSync('/dev/shm')) throw new Error('this test needs /dev/shm, a tmpfs on Linux')
    const shm = fs.mkdtempSync('/dev/shm/archive-test-')
    try {
      const from = await staging(shm)
      const dist = previousDist()
      await promoteStaging(from, dist)
      expect([list(dist).length, fs.existsSync(from)]).toEqual([5, false])
    } finally {
      fs.rmSync(shm, { recursive: true, force: true })
    }
  })
})
