import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { checksumLines, writeChecksums } from '../../src/assemble/checksums.js'
import type { Artifact } from '../../src/types.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { buildOutput, dummyPackage, run } from './support.js'

afterAll(removeTempDirs)

let outDir: string
let artifacts: Artifact[]

beforeAll(async () => {
  ;({ outDir, artifacts } = await buildOutput())
  await writeChecksums(outDir, artifacts)
})

describe('writeChecksums', () => {
  it('writes a SHA256SUMS that sha256sum -c accepts for every artifact', async () => {
    const out = await run('sha256sum', ['-c', 'SHA256SUMS'], outDir)
    expect(out.trim().split('\n').sort()).toEqual(artifacts.map((a) => `${a.file}: OK`).sort())
  })

  it('lists the files sorted by name', () => {
    const files = fs
      .readFileSync(path.join(outDir, 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('  ')[1])
    expect(files).toEqual([
      'benchmarks-0.1.0.tar.gz',
      'data-0.1.0.mojoc',
      'docs-offline-0.1.0.zip',
      'ml-odyssey-0.1.0.tar.gz',
      'odyssey_utils-0.1.0.mojoc',
      'training-0.1.0.mojoc'
    ])
  })

  it('refuses an artifact whose file changed after it was recorded', async () => {
    const dir = tempDir()
    const artifact = dummyPackage(dir, 'data')
    fs.appendFileSync(path.join(dir, artifact.file), 'changed')
    await expect(writeChecksums(dir, [artifact])).rejects.toThrow(
      'data-0.1.0.mojoc changed after it was built'
    )
  })
})

describe('checksumLines', () => {
  it('separates hash and file name with two spaces', () => {
    expect(checksumLines([{ file: 'b', sha256: 'f'.repeat(64) }])).toBe(`${'f'.repeat(64)}  b\n`)
  })
})
