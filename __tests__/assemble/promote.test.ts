import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { writeChecksums } from '../../src/assemble/checksums.js'
import { writeManifest } from '../../src/assemble/manifest.js'
import { promoteStaging } from '../../src/assemble/promote.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { dummyPackage, dummyPackages } from './support.js'

afterAll(removeTempDirs)

/** A complete staging folder: packages, SHA256SUMS, manifest.json. */
async function staging(parent = tempDir('staging')): Promise<string> {
  const dir = fs.mkdtempSync(path.join(parent, 'staging-'))
  const artifacts = dummyPackages(dir)
  await writeChecksums(dir, artifacts)
  await writeManifest(dir, { mojo: '1.2.0', version: '0.1.0', artifacts })
  return dir
}

/** A workspace whose dist/ holds the output of an earlier run: one package and its manifest.json. */
async function previousDist(): Promise<string> {
  const dist = path.join(tempDir('workspace'), 'dist')
  fs.mkdirSync(dist)
  await writeManifest(dist, { mojo: '1.2.0', version: '0.0.9', artifacts: [dummyPackage(dist, 'old')] })
  return dist
}

const list = (dir: string): string[] => fs.readdirSync(dir).sort()
const EARLIER = ['manifest.json', 'old-0.1.0.mojoc']

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

  it('removes what a killed run left beside the output folder, and nothing else', async () => {
    const dist = await previousDist()
    const parent = path.dirname(dist)
    for (const name of ['.dist.old-0a1b2c3d', '.dist.new-12345678', '.dist.old-mine']) {
      fs.mkdirSync(path.join(parent, name))
      fs.writeFileSync(path.join(parent, name, 'manifest.json'), '{}')
    }
    await promoteStaging(await staging(), dist)
    expect(list(parent)).toEqual(['.dist.old-mine', 'dist'])
  })

  it('replaces an earlier output folder and leaves no temporary folders beside it', async () => {
    const dist = await previousDist()
    await promoteStaging(await staging(), dist)
    expect([list(path.dirname(dist)), list(dist).includes('old-0.1.0.mojoc')]).toEqual([['dist'], false])
  })

  it('leaves the earlier output folder untouched when a listed file is missing', async () => {
    const dist = await previousDist()
    const from = await staging()
    fs.rmSync(path.join(from, 'training-0.1.0.mojoc'))
    await expect(promoteStaging(from, dist)).rejects.toThrow('incomplete (training-0.1.0.mojoc is missing)')
    expect([list(path.dirname(dist)), list(dist)]).toEqual([['dist'], EARLIER])
  })

  it('leaves the earlier output folder untouched when a file does not match its checksum', async () => {
    const dist = await previousDist()
    const from = await staging()
    fs.appendFileSync(path.join(from, 'data-0.1.0.mojoc'), 'truncated write')
    await expect(promoteStaging(from, dist)).rejects.toThrow('data-0.1.0.mojoc does not match its sha256')
    expect(list(dist)).toEqual(EARLIER)
  })

  it('leaves the earlier output folder untouched when SHA256SUMS was never written', async () => {
    const dist = await previousDist()
    const from = await staging()
    fs.rmSync(path.join(from, 'SHA256SUMS'))
    await expect(promoteStaging(from, dist)).rejects.toThrow('incomplete (no SHA256SUMS)')
    expect(list(dist)).toEqual(EARLIER)
  })

  it('refuses a staging folder inside the output folder', async () => {
    const dist = await previousDist()
    const from = await staging(dist)
    await expect(promoteStaging(from, dist)).rejects.toThrow('must not contain each other')
  })

  it('copies the staging folder when renaming it fails with EXDEV, as across file systems', async () => {
    const from = await staging()
    const dist = await previousDist()
    const acrossFileSystems = (): Promise<void> =>
      Promise.reject(Object.assign(new Error('cross-device link not permitted'), { code: 'EXDEV' }))
    await promoteStaging(from, dist, acrossFileSystems)
    expect([list(dist).length, fs.existsSync(from)]).toEqual([5, false])
  })

  it('puts back an output folder that gained a stray file during the build, and deletes nothing', async () => {
    const dist = await previousDist()
    const from = await staging()
    let renames = 0
    const strayDuringBuild = async (a: string, b: string): Promise<void> => {
      renames += 1
      fs.writeFileSync(path.join(dist, 'notes.txt'), 'mine')
      await fs.promises.rename(a, b)
    }
    await expect(promoteStaging(from, dist, strayDuringBuild)).rejects.toThrow(
      `holds files this action did not write ("notes.txt")`
    )
    expect([renames, list(path.dirname(dist)), list(dist)]).toEqual([
      1,
      ['dist'],
      ['manifest.json', 'notes.txt', 'old-0.1.0.mojoc']
    ])
  })

  it('refuses an output folder holding a file the action did not write before moving anything', async () => {
    const dist = await previousDist()
    fs.writeFileSync(path.join(dist, 'notes.txt'), 'mine')
    const from = await staging()
    await expect(promoteStaging(from, dist)).rejects.toThrow('"notes.txt"')
    expect([list(dist), fs.existsSync(from)]).toEqual([
      ['manifest.json', 'notes.txt', 'old-0.1.0.mojoc'],
      true
    ])
  })
})
