import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import { writeConda } from '../../src/assemble/conda-package.js'
import type { Distribution } from '../../src/assemble/distribution.js'
import { installConda } from '../../src/verify/conda-install.js'
import { readConda } from '../support/conda-reader.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterAll(removeTempDirs)

function distribution(): Distribution {
  const built = writeFiles(tempDir('built'), { 'geometry.mojoc': 'precompiled bytes' })
  return {
    name: 'geometry',
    version: '0.1.0',
    package: { import: 'geometry', file: path.join(built, 'geometry.mojoc'), format: 'mojoc' },
    mojo: '1.2.0',
    requires: [],
    epoch: 1767225600
  }
}

describe('installConda', () => {
  it('lays the package into the prefix at lib/mojo, every file as info/paths.json lists it', async () => {
    const file = await writeConda(distribution(), tempDir('out'))
    const prefix = tempDir('prefix')
    expect(await installConda(file, prefix, tempDir('pkgs'))).toEqual([])
    expect(fs.readFileSync(path.join(prefix, 'lib', 'mojo', 'geometry.mojoc'), 'utf8')).toBe(
      'precompiled bytes'
    )
    expect(fs.readdirSync(prefix)).toEqual(['lib'])
  })

  it('keeps its info/, license files included, in the package cache, as a conda client does', async () => {
    const licenseFile = writeFiles(tempDir('ws'), { LICENSE: 'MIT text' }) + '/LICENSE'
    const file = await writeConda({ ...distribution(), licenseFile }, tempDir('out'))
    const pkgs = tempDir('pkgs')
    expect(await installConda(file, tempDir('prefix'), pkgs)).toEqual([])
    const cached = path.join(pkgs, 'geometry-0.1.0-mojo_1.2.0_0', 'info')
    expect(fs.readFileSync(path.join(cached, 'licenses', 'LICENSE'), 'utf8')).toBe('MIT text')
    expect(fs.readdirSync(cached).sort()).toEqual([
      'about.json',
      'files',
      'index.json',
      'licenses',
      'paths.json'
    ])
  })

  it('names a file that does not match its paths.json entry', async () => {
    const good = await writeConda(distribution(), tempDir('out'))
    const other = distribution()
    fs.writeFileSync(other.package!.file, 'other bytes')
    const changed = await writeConda(other, tempDir('other'))
    // The info of one build with the files of another: paths.json no longer matches what lands.
    const pkg = (await readConda(changed)).zip.find((m) => m.name.startsWith('pkg-'))!.data
    const mixed = new yazl.ZipFile()
    for (const m of (await readConda(good)).zip) {
      mixed.addBuffer(m.name.startsWith('pkg-') ? pkg : m.data, m.name, { compress: false })
    }
    mixed.end()
    const tampered = path.join(tempDir('tampered'), path.basename(good))
    await pipeline(mixed.outputStream, fs.createWriteStream(tampered))
    expect(await installConda(tampered, tempDir('prefix'), tempDir('pkgs'))).toEqual([
      `${path.basename(good)}: lib/mojo/geometry.mojoc does not match the sha256 and size info/paths.json lists`
    ])
  })
})
