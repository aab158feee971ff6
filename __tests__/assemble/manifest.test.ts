import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeManifest } from '../../src/assemble/manifest.js'
import type { Artifact } from '../../src/types.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { dummyPackage } from './support.js'

afterAll(removeTempDirs)

const archive: Artifact = {
  kind: 'archive',
  name: 'docs-offline',
  version: '0.1.0',
  file: 'docs-offline-0.1.0.zip',
  sha256: 'a'.repeat(64),
  size: 10,
  contents: ['docs-offline-0.1.0/']
}

function read(dir: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
}

describe('writeManifest', () => {
  it('records the compiler, the version and every artifact with its package fields', async () => {
    const dir = tempDir()
    const training = dummyPackage(dir, 'training', ['odyssey_utils'])
    await writeManifest(dir, { mojo: '1.2.0', version: '0.1.0', artifacts: [training, archive] })
    expect(read(dir)).toEqual({
      mojo: '1.2.0',
      version: '0.1.0',
      platform: `${process.platform}-${os.arch()}`,
      artifacts: [
        {
          kind: 'package',
          format: 'mojoc',
          name: 'training',
          version: '0.1.0',
          file: 'training-0.1.0.mojoc',
          sha256: training.sha256,
          size: training.size,
          import: 'training',
          mojo: '1.2.0',
          dependencies: ['odyssey_utils'],
          requires: ['mojo-compiler==1.2.0', 'odyssey_utils==0.1.0']
        },
        { ...archive, format: 'zip' }
      ]
    })
  })

  it('includes verification results when the manifest is written again after verification', async () => {
    const dir = tempDir()
    await writeManifest(dir, { mojo: '1.2.0', version: '0.1.0', artifacts: [archive] })
    const verified = { ...archive, verification: { ok: false, reason: 'run_all.sh exited 1', output: 'x' } }
    await writeManifest(dir, { mojo: '1.2.0', version: '0.1.0', artifacts: [verified] })
    expect(read(dir)).toMatchObject({ artifacts: [{ verification: verified.verification }] })
  })

  it('writes the fields in a fixed order, so equal builds give equal files', async () => {
    const dir = tempDir()
    const { kind, name, version, file, sha256, size, contents } = archive
    const shuffled: Artifact = { contents, size, sha256, file, version, name, kind }
    await writeManifest(dir, { mojo: '1.2.0', version: '0.1.0', artifacts: [shuffled] })
    const keys = Object.keys((read(dir) as { artifacts: object[] }).artifacts[0])
    expect(keys).toEqual(['kind', 'format', 'name', 'version', 'file', 'sha256', 'size', 'contents'])
  })

  it("names each wheel's distribution and what it requires, exactly", async () => {
    const dir = tempDir()
    const pkg = (name: string, dist: string): Artifact => ({
      ...archive,
      kind: 'package',
      name,
      import: name,
      distribution: dist,
      file: `${name}-0.1.0.mojoc`,
      mojo: '1.2.0'
    })
    const wheel: Artifact = {
      ...pkg('training', 'training'),
      kind: 'wheel',
      file: 'training-0.1.0-py3-none-any.whl',
      dependencies: ['odyssey_utils']
    }
    await writeManifest(dir, {
      mojo: '1.2.0',
      version: '0.1.0',
      artifacts: [pkg('odyssey_utils', 'odyssey-utils'), wheel]
    })
    expect((read(dir) as { artifacts: object[] }).artifacts[1]).toMatchObject({
      kind: 'wheel',
      format: 'wheel',
      distribution: 'training',
      import: 'training',
      requires: ['mojo-compiler==1.2.0', 'odyssey-utils==0.1.0']
    })
  })
})
