import { afterAll, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { writeSourceArchive } from '../../src/assemble/source.js'
import type { PackageSpec } from '../../src/project/package-spec.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'
import { run, tarListing } from './support.js'

afterAll(removeTempDirs)

const spec = (dir: string): PackageSpec => ({
  dir,
  relDir: 'shared/geo',
  name: 'ml-geo',
  import: 'geo',
  version: '0.26.1.2',
  requires: {},
  dependencies: ['vectors'],
  verifyImports: []
})

describe('writeSourceArchive', () => {
  const pkg = writeFiles(tempDir('geo'), {
    '__init__.mojo': 'from .shapes import area\n',
    'shapes.mojo': 'def area() -> Int:\n    return 1\n',
    'inner/__init__.mojo': '',
    'notes.txt': 'not Mojo',
    '.cache/x.mojo': 'hidden'
  })

  it('packs the Mojo sources under <import>/ as <import>-<version>-src.tar.gz', async () => {
    const out = tempDir('out')
    const artifact = await writeSourceArchive(spec(pkg), { outDir: out, epoch: 1767225600 })
    expect([artifact.kind, artifact.file, artifact.import, artifact.dependencies]).toEqual([
      'source',
      'geo-0.26.1.2-src.tar.gz',
      'geo',
      ['vectors']
    ])
    expect(await tarListing(path.join(out, artifact.file))).toEqual([
      'drwxr-xr-x 0/0 geo/',
      '-rw-r--r-- 0/0 geo/__init__.mojo',
      'drwxr-xr-x 0/0 geo/inner/',
      '-rw-r--r-- 0/0 geo/inner/__init__.mojo',
      '-rw-r--r-- 0/0 geo/shapes.mojo'
    ])
  })

  it("holds the package's license file beside its sources", async () => {
    const out = tempDir('out')
    const licenseFile = writeFiles(tempDir('ws'), { LICENSE: 'MIT text\n' }) + '/LICENSE'
    const artifact = await writeSourceArchive(spec(pkg), { outDir: out, epoch: 1767225600, licenseFile })
    expect(artifact.licenses).toEqual(['geo/LICENSE'])
    expect(await tarListing(path.join(out, artifact.file))).toContain('-rw-r--r-- 0/0 geo/LICENSE')
    expect(await run('tar', ['-xzOf', artifact.file, 'geo/LICENSE'], out)).toBe('MIT text\n')
  })

  it('is byte-identical when written again', async () => {
    const [a, b] = [tempDir('a'), tempDir('b')]
    await writeSourceArchive(spec(pkg), { outDir: a, epoch: 1767225600 })
    await writeSourceArchive(spec(pkg), { outDir: b, epoch: 1767225600 })
    const sum = (dir: string) => run('sha256sum', ['geo-0.26.1.2-src.tar.gz'], dir)
    expect(await sum(a)).toBe(await sum(b))
  })
})
