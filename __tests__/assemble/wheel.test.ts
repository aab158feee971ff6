import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import yauzl from 'yauzl'
import type { Distribution } from '../../src/assemble/distribution.js'
import { wheelFileName, wheelMetadata, writeWheel } from '../../src/assemble/wheel.js'
import { wheelVersion } from '../../src/package-version.js'
import { parseRequiresDist } from '../../src/toolchain/wheel-name.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

afterAll(removeTempDirs)

interface ZipEntry {
  name: string
  data: Buffer
  /** Unix mode from the external attributes. */
  mode: number
  modified: Date
}

async function readZip(file: string): Promise<ZipEntry[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true })
  const entries: ZipEntry[] = []
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = []
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
      entries.push({
        name: entry.fileName,
        data: Buffer.concat(chunks),
        mode: entry.externalFileAttributes >>> 16,
        modified: entry.getLastModDate({ forceDosFormat: true })
      })
    }
  } finally {
    zip.close()
  }
  return entries
}

function text(entries: ZipEntry[], name: string): string {
  const entry = entries.find((e) => e.name === name)
  if (!entry) throw new Error(`no ${name} in ${entries.map((e) => e.name).join(', ')}`)
  return entry.data.toString('utf8')
}

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
    epoch: 1_700_000_000,
    ...overrides
  }
}

describe('wheelVersion', () => {
  it.each([
    ['0.1.0', '0.1.0'],
    ['0.26.1.2', '0.26.1.2'],
    ['1.0.0b2', '1.0.0b2'],
    ['1.0.0-beta.2', '1.0.0b2'],
    ['1.0.0-alpha', '1.0.0a0'],
    ['1.0.0-rc.1', '1.0.0rc1'],
    ['1.0.0-dev.3', '1.0.0.dev3'],
    ['1!2.0', '1!2.0']
  ])('%s is %s', (version, normal) => {
    expect(wheelVersion(version)).toBe(normal)
  })

  it.each([
    ['a prerelease PEP 440 has no word for', '1.0.0-foo'],
    ['a prerelease of more parts than PEP 440 has', '1.0.0-beta.2.1'],
    ['a numeric prerelease, which PEP 440 reads as a post-release', '1.0.0-1'],
    ['a prerelease PEP 440 reads as a post-release', '1.0.0-post.1'],
    ['build metadata, a local version PyPI refuses', '1.0.0+build.5'],
    ['not a version', 'latest']
  ])('has no form for %s (%s)', (_why, version) => {
    expect(wheelVersion(version)).toBeUndefined()
  })
})

describe('wheelFileName', () => {
  it('escapes the name as the wheel spec does and normalises the version', () => {
    expect(wheelFileName(geometry({ name: 'My.Cool--Lib_x', version: '1.0.0-beta.2' }))).toBe(
      'my_cool_lib_x-1.0.0b2-py3-none-any.whl'
    )
  })

  it('refuses a version pip cannot read, naming it', () => {
    expect(() => wheelFileName(geometry({ version: '1.0.0-foo' }))).toThrow(
      /geometry: its version '1\.0\.0-foo' has no PEP 440 form/
    )
  })

  it('refuses a name pip cannot read', () => {
    expect(() => wheelFileName(geometry({ name: '_geometry' }))).toThrow(/wheel of '_geometry'/)
  })
})

describe('writeWheel', () => {
  it('holds the precompiled file at modular/lib/mojo in the wheel root, then the dist-info', async () => {
    const dist = geometry()
    const wheel = await writeWheel(dist, tempDir('out'))
    expect(path.isAbsolute(wheel)).toBe(true)
    expect(path.basename(wheel)).toBe('geometry-0.1.0-py3-none-any.whl')
    const entries = await readZip(wheel)
    expect(entries.map((e) => e.name)).toEqual([
      'modular/lib/mojo/geometry.mojoc',
      'geometry-0.1.0.dist-info/METADATA',
      'geometry-0.1.0.dist-info/WHEEL',
      'geometry-0.1.0.dist-info/RECORD'
    ])
    expect(entries[0].data).toEqual(fs.readFileSync(dist.package!.file))
    expect(entries.map((e) => e.mode)).toEqual(entries.map(() => 0o100644))
  })

  it('names a 0.26.x package by its .mojopkg format', async () => {
    const dist = geometry({ mojo: '0.26.2.0' })
    dist.package = { ...dist.package!, format: 'mojopkg' }
    const entries = await readZip(await writeWheel(dist, tempDir('out')))
    expect(entries[0].name).toBe('modular/lib/mojo/geometry.mojopkg')
    expect(text(entries, 'geometry-0.1.0.dist-info/METADATA')).toContain(
      'Requires-Dist: mojo-compiler==0.26.2.0\n'
    )
  })

  it('writes METADATA 2.4 pinning the exact compiler and each dependency, the readme as its body', async () => {
    const dist = geometry({
      name: 'Geometry.Tools',
      version: '1.0.0-rc.1',
      summary: 'Shapes\n  and areas.',
      requires: [
        { name: 'vectors', version: '0.26.1.2' },
        { name: 'Linear_Algebra', version: '2.0.0-beta.1' }
      ]
    })
    const entries = await readZip(await writeWheel(dist, tempDir('out')))
    expect(text(entries, 'geometry_tools-1.0.0rc1.dist-info/METADATA')).toBe(
      [
        'Metadata-Version: 2.4',
        'Name: Geometry.Tools',
        'Version: 1.0.0rc1',
        'Summary: Shapes and areas.',
        'License-Expression: MIT',
        'Requires-Dist: mojo-compiler==1.2.0',
        'Requires-Dist: linear-algebra==2.0.0b1',
        'Requires-Dist: vectors==0.26.1.2',
        'Description-Content-Type: text/markdown',
        '',
        '# geometry',
        '',
        'Shapes and areas.',
        ''
      ].join('\n')
    )
  })

  it('leaves out the fields a package does not have', () => {
    const dist = geometry({ summary: undefined, license: undefined, readme: undefined })
    expect(wheelMetadata(dist)).toBe(
      'Metadata-Version: 2.4\nName: geometry\nVersion: 0.1.0\nRequires-Dist: mojo-compiler==1.2.0\n'
    )
  })

  it('refuses a header value holding a line break instead of writing a header of its own', () => {
    const dist = geometry({ license: 'MIT\nRequires-Dist: evilpkg==6.6.6' })
    expect(() => wheelMetadata(dist)).toThrow('holds a line break')
    expect(() => wheelMetadata(geometry({ summary: 'Shapes\rRequires-Dist: evilpkg' }))).toThrow(
      'holds a line break'
    )
  })

  it('refuses a dependency whose version pip cannot read', () => {
    const dist = geometry({ requires: [{ name: 'vectors', version: '2.0.0-weird' }] })
    expect(() => wheelMetadata(dist)).toThrow(/vectors: its version '2\.0\.0-weird'/)
  })

  it('writes a purelib py3-none-any WHEEL', async () => {
    const entries = await readZip(await writeWheel(geometry(), tempDir('out')))
    expect(text(entries, 'geometry-0.1.0.dist-info/WHEEL')).toBe(
      'Wheel-Version: 1.0\nGenerator: mojo-package-action\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
    )
  })

  it('records the sha256 and size of every other entry, and RECORD itself without them', async () => {
    const entries = await readZip(await writeWheel(geometry(), tempDir('out')))
    const record = text(entries, 'geometry-0.1.0.dist-info/RECORD')
    const expected = entries
      .filter((e) => !e.name.endsWith('/RECORD'))
      .map((e) => {
        const digest = createHash('sha256').update(e.data).digest('base64url')
        return `${e.name},sha256=${digest},${e.data.length}`
      })
    expect(record).toBe([...expected, 'geometry-0.1.0.dist-info/RECORD,,', ''].join('\n'))
    expect(record).not.toContain('=,')
  })

  it('writes the same bytes on a rebuild, stamped with the epoch', async () => {
    const dist = geometry({ epoch: 1_700_000_000 })
    const first = fs.readFileSync(await writeWheel(dist, tempDir('out')))
    const again = fs.readFileSync(await writeWheel(dist, tempDir('out')))
    expect(again.equals(first)).toBe(true)
    const entries = await readZip(await writeWheel(dist, tempDir('out')))
    // 2023-11-14 22:13:20 UTC; DOS time has two-second steps and no zone.
    const stamp = entries[0].modified
    expect([
      stamp.getFullYear(),
      stamp.getMonth(),
      stamp.getDate(),
      stamp.getHours(),
      stamp.getMinutes()
    ]).toEqual([2023, 10, 14, 22, 13])
  })

  it('stamps an epoch before 1980 as 1980-01-01, where zip time starts', async () => {
    const entries = await readZip(await writeWheel(geometry({ epoch: 0 }), tempDir('out')))
    expect(entries.map((e) => e.modified.getFullYear())).toEqual(entries.map(() => 1980))
  })

  it('ships the license file in .dist-info/licenses/, named by License-File and listed in RECORD', async () => {
    const licenseFile = path.join(tempDir('ws'), 'LICENSE')
    fs.writeFileSync(licenseFile, 'MIT License\n\nCopyright (c) 2026 ML Odyssey\n')
    const entries = await readZip(await writeWheel(geometry({ licenseFile }), tempDir('out')))
    expect(entries.map((e) => e.name)).toEqual([
      'modular/lib/mojo/geometry.mojoc',
      'geometry-0.1.0.dist-info/METADATA',
      'geometry-0.1.0.dist-info/WHEEL',
      'geometry-0.1.0.dist-info/licenses/LICENSE',
      'geometry-0.1.0.dist-info/RECORD'
    ])
    expect(text(entries, 'geometry-0.1.0.dist-info/licenses/LICENSE')).toBe(
      fs.readFileSync(licenseFile, 'utf8')
    )
    expect(text(entries, 'geometry-0.1.0.dist-info/METADATA')).toContain(
      'License-Expression: MIT\nLicense-File: LICENSE\n'
    )
    const digest = createHash('sha256').update(fs.readFileSync(licenseFile)).digest('base64url')
    expect(text(entries, 'geometry-0.1.0.dist-info/RECORD')).toContain(
      `geometry-0.1.0.dist-info/licenses/LICENSE,sha256=${digest},${fs.statSync(licenseFile).size}\n`
    )
  })

  it('names no License-File and holds no licenses/ without a license file', async () => {
    const entries = await readZip(await writeWheel(geometry(), tempDir('out')))
    expect(entries.map((e) => e.name).filter((n) => n.includes('licenses/'))).toEqual([])
    expect(text(entries, 'geometry-0.1.0.dist-info/METADATA')).not.toContain('License-File')
  })

  it('writes a bundle as a wheel of only dist-info that requires each package exactly', async () => {
    const bundle: Distribution = {
      name: 'ml-odyssey',
      version: '0.1.0',
      mojo: '1.2.0',
      requires: [
        { name: 'training', version: '0.1.0' },
        { name: 'data', version: '0.1.0' },
        { name: 'odyssey-utils', version: '0.1.0' }
      ],
      epoch: 0
    }
    const wheel = await writeWheel(bundle, tempDir('out'))
    expect(path.basename(wheel)).toBe('ml_odyssey-0.1.0-py3-none-any.whl')
    const entries = await readZip(wheel)
    expect(entries.map((e) => e.name)).toEqual([
      'ml_odyssey-0.1.0.dist-info/METADATA',
      'ml_odyssey-0.1.0.dist-info/WHEEL',
      'ml_odyssey-0.1.0.dist-info/RECORD'
    ])
    expect(parseRequiresDist(text(entries, 'ml_odyssey-0.1.0.dist-info/METADATA'))).toEqual(
      ['mojo-compiler', 'data', 'odyssey-utils', 'training'].map((name) => ({
        name,
        specifier: name === 'mojo-compiler' ? '==1.2.0' : '==0.1.0',
        marker: ''
      }))
    )
  })
})
