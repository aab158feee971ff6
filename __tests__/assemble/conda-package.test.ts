import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {
  condaFileName,
  condaIndex,
  condaVersion,
  writeConda,
  writeCondaPackage
} from '../../src/assemble/conda-package.js'
import type { Distribution } from '../../src/assemble/distribution.js'
import { dosDate } from '../../src/assemble/zip.js'
import { infoText, readConda } from '../support/conda-reader.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

afterAll(removeTempDirs)

const EPOCH = 1_700_000_000

/** A package distribution with dummy precompiled bytes (the integration test uses a real compiler). */
function geometry(overrides: Partial<Distribution> = {}): Distribution {
  const file = path.join(tempDir('built'), 'geometry.mojoc')
  fs.writeFileSync(file, 'dummy precompiled geometry\n')
  return {
    name: 'geometry',
    version: '0.1.0',
    package: { import: 'geometry', file, format: 'mojoc' },
    summary: 'Shapes and areas.',
    license: 'MIT',
    readme: { text: '# geometry\n\nShapes and areas.\n', contentType: 'text/markdown' },
    mojo: '1.2.0',
    requires: [],
    epoch: EPOCH,
    ...overrides
  }
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

describe('condaVersion', () => {
  it.each([
    ['0.1.0', '0.1.0'],
    ['v0.1.0', '0.1.0'],
    ['0.26.1.2', '0.26.1.2'],
    ['1.0.0b2', '1.0.0b2'],
    ['1.0.0-beta.2', '1.0.0b2'],
    ['1.0.0-alpha', '1.0.0a0'],
    ['1.0.0-rc.1', '1.0.0rc1'],
    ['1.0.0.post1', '1.0.0.post1'],
    // A development release of a final one loses its dot: conda sorts `1.0.0.dev3` after `1.0.0rc1`.
    ['1.0.0.dev3', '1.0.0dev3'],
    ['1.0.0-dev.3', '1.0.0dev3'],
    ['1!2.0.dev1', '1!2.0dev1'],
    ['1.0.0a1.dev2', '1.0.0a1.dev2'],
    ['1.0.0.post1.dev2', '1.0.0.post1.dev2']
  ])('%s is %s', (version, conda) => {
    expect(condaVersion(version)).toBe(conda)
  })

  it.each([
    ['a prerelease PEP 440 has no word for', '1.0.0-foo'],
    ['a numeric prerelease, which PEP 440 reads as a post-release', '1.0.0-1'],
    ['build metadata, which carries no order', '1.0.0+build.5'],
    ['not a version', 'latest']
  ])('has no form for %s (%s)', (_why, version) => {
    expect(condaVersion(version)).toBeUndefined()
  })
})

describe('condaFileName', () => {
  it('is <name>-<version>-mojo_<compiler>_0.conda', () => {
    expect(condaFileName(geometry())).toBe('geometry-0.1.0-mojo_1.2.0_0.conda')
  })

  it('lowercases the name, as conda requires, and writes the version as conda does', () => {
    expect(condaFileName(geometry({ name: 'My.Geometry', version: '1.0.0-beta.2', mojo: '0.26.2.0' }))).toBe(
      'my.geometry-1.0.0b2-mojo_0.26.2.0_0.conda'
    )
  })

  it('refuses a version with no conda form, naming it', () => {
    expect(() => condaFileName(geometry({ version: '1.0.0-foo' }))).toThrow(
      /geometry: its version '1\.0\.0-foo' has no conda form/
    )
  })

  it('refuses a name conda cannot read', () => {
    expect(() => condaFileName(geometry({ name: 'geo__metry' }))).toThrow(/conda package of 'geo__metry'/)
  })
})

describe('condaIndex', () => {
  it('depends on the exact compiler and on each dependency at its exact version', () => {
    const dist = geometry({
      requires: [
        { name: 'Vectors', version: '0.2.0-rc.1' },
        { name: 'angles', version: '1.0.0' }
      ]
    })
    expect(condaIndex(dist)).toEqual({
      name: 'geometry',
      version: '0.1.0',
      build: 'mojo_1.2.0_0',
      build_number: 0,
      depends: ['mojo-compiler ==1.2.0', 'angles ==1.0.0', 'vectors ==0.2.0rc1'],
      license: 'MIT',
      noarch: 'generic',
      subdir: 'noarch',
      timestamp: EPOCH * 1000
    })
  })

  it('refuses a dependency whose version has no conda form', () => {
    expect(() => condaIndex(geometry({ requires: [{ name: 'vectors', version: '1.0.0-1' }] }))).toThrow(
      /vectors: its version '1\.0\.0-1'/
    )
  })
})

describe('writeConda', () => {
  it('writes a stored zip of metadata.json, then the pkg tar.zst, then the info tar.zst', async () => {
    const conda = await writeConda(geometry(), tempDir('out'))
    expect(path.isAbsolute(conda)).toBe(true)
    expect(path.basename(conda)).toBe('geometry-0.1.0-mojo_1.2.0_0.conda')
    const { zip } = await readConda(conda)
    expect(zip.map((m) => m.name)).toEqual([
      'metadata.json',
      'pkg-geometry-0.1.0-mojo_1.2.0_0.tar.zst',
      'info-geometry-0.1.0-mojo_1.2.0_0.tar.zst'
    ])
    for (const member of zip) {
      expect(member).toMatchObject({ compressionMethod: 0, mode: 0o100644, modified: dosDate(EPOCH) })
      // Sizes in the local header: a streaming reader needs them to find the end of a stored member.
      expect(member.generalPurposeBitFlag & 0b1000).toBe(0)
    }
    expect(JSON.parse(zip[0].data.toString('utf8'))).toEqual({ conda_pkg_format_version: 2 })
  })

  it('holds the precompiled file at lib/mojo/<import>.<format>, owned by root, stamped with the epoch', async () => {
    const dist = geometry()
    const { pkg } = await readConda(await writeConda(dist, tempDir('out')))
    expect(pkg).toHaveLength(1)
    expect(pkg[0].header).toMatchObject({
      name: 'lib/mojo/geometry.mojoc',
      type: 'file',
      mode: 0o644,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
      mtime: new Date(EPOCH * 1000)
    })
    expect(pkg[0].data).toEqual(fs.readFileSync(dist.package!.file))
  })

  it('puts a 0.26.x package at lib/mojo/<import>.mojopkg', async () => {
    const dist = geometry({ mojo: '0.26.2.0' })
    dist.package!.format = 'mojopkg'
    const contents = await readConda(await writeConda(dist, tempDir('out')))
    expect(contents.pkg.map((m) => m.header.name)).toEqual(['lib/mojo/geometry.mojopkg'])
    expect(JSON.parse(infoText(contents, 'info/index.json'))).toMatchObject({
      build: 'mojo_0.26.2.0_0',
      depends: ['mojo-compiler ==0.26.2.0']
    })
  })

  it('writes info/ sorted: about.json, files, index.json and paths.json, keys sorted as conda-build does', async () => {
    const dist = geometry({ requires: [{ name: 'vectors', version: '0.2.0' }] })
    const contents = await readConda(await writeConda(dist, tempDir('out')))
    expect(contents.info.map((m) => m.header.name)).toEqual([
      'info/about.json',
      'info/files',
      'info/index.json',
      'info/paths.json'
    ])
    const index = infoText(contents, 'info/index.json')
    expect(JSON.parse(index)).toEqual(condaIndex(dist))
    expect(Object.keys(JSON.parse(index))).toEqual(Object.keys(JSON.parse(index)).sort())
    expect(JSON.parse(infoText(contents, 'info/about.json'))).toEqual({
      description: '# geometry\n\nShapes and areas.\n',
      license: 'MIT',
      summary: 'Shapes and areas.'
    })
    expect(infoText(contents, 'info/files')).toBe('lib/mojo/geometry.mojoc\n')
  })

  it('ships the license file at info/licenses/, out of the environment and out of paths.json', async () => {
    const licenseFile = path.join(tempDir('ws'), 'COPYING')
    fs.writeFileSync(licenseFile, 'GPL text\n')
    const contents = await readConda(await writeConda(geometry({ licenseFile }), tempDir('out')))
    expect(contents.info.map((m) => m.header.name)).toEqual([
      'info/about.json',
      'info/files',
      'info/index.json',
      'info/licenses/COPYING',
      'info/paths.json'
    ])
    expect(infoText(contents, 'info/licenses/COPYING')).toBe('GPL text\n')
    expect(contents.pkg.map((m) => m.header.name)).toEqual(['lib/mojo/geometry.mojoc'])
    expect(infoText(contents, 'info/paths.json')).not.toContain('COPYING')
  })

  it('lists in paths.json the hash and size of every file the pkg tar holds', async () => {
    const contents = await readConda(await writeConda(geometry(), tempDir('out')))
    expect(JSON.parse(infoText(contents, 'info/paths.json'))).toEqual({
      paths: contents.pkg.map((m) => ({
        _path: m.header.name,
        path_type: 'hardlink',
        sha256: sha256(m.data),
        size_in_bytes: m.data.length
      })),
      paths_version: 1
    })
  })

  it('leaves out of about.json and index.json what the project does not declare', async () => {
    const dist = geometry({ summary: undefined, license: undefined, readme: undefined })
    const contents = await readConda(await writeConda(dist, tempDir('out')))
    expect(JSON.parse(infoText(contents, 'info/about.json'))).toEqual({})
    expect(JSON.parse(infoText(contents, 'info/index.json'))).not.toHaveProperty('license')
  })

  it('writes the same bytes on every rebuild', async () => {
    const first = await writeConda(geometry(), tempDir('out'))
    const second = await writeConda(geometry(), tempDir('out'))
    expect(fs.readFileSync(second)).toEqual(fs.readFileSync(first))
  })

  it('writes a bundle as a package with no files that depends on every package exactly', async () => {
    const bundle = geometry({
      name: 'ml-odyssey',
      package: undefined,
      requires: [
        { name: 'training', version: '0.1.0' },
        { name: 'data', version: '0.1.0' },
        { name: 'odyssey_utils', version: '0.1.0' }
      ]
    })
    const conda = await writeConda(bundle, tempDir('out'))
    expect(path.basename(conda)).toBe('ml-odyssey-0.1.0-mojo_1.2.0_0.conda')
    const contents = await readConda(conda)
    expect(contents.pkg).toEqual([])
    expect(JSON.parse(infoText(contents, 'info/index.json')).depends).toEqual([
      'mojo-compiler ==1.2.0',
      'data ==0.1.0',
      'odyssey_utils ==0.1.0',
      'training ==0.1.0'
    ])
    expect(JSON.parse(infoText(contents, 'info/paths.json'))).toEqual({ paths: [], paths_version: 1 })
    expect(infoText(contents, 'info/files')).toBe('')
  })

  it('fails when the precompiled file cannot be read, instead of hanging or writing it short', async () => {
    const dir = tempDir('out')
    const file = path.join(dir, 'gone.mojoc')
    const pkg = {
      index: condaIndex(geometry()),
      about: {},
      files: [
        {
          type: 'file' as const,
          path: 'lib/mojo/geometry.mojoc',
          mode: 0o644 as const,
          size: 3,
          sha256: '',
          source: { file }
        }
      ]
    }
    await expect(writeCondaPackage(pkg, dir, EPOCH)).rejects.toThrow('ENOENT')
  })
})
