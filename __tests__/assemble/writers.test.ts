import { afterAll, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import type { Entry } from '../../src/assemble/layout.js'
import { writeTarGz } from '../../src/assemble/tar-gz.js'
import { writeZip } from '../../src/assemble/zip.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

afterAll(removeTempDirs)

/** A file collected earlier that is gone when the archive is written. */
function vanished(dir: string): Entry[] {
  return [{ type: 'file', path: 'r/x', mode: 0o644, size: 3, source: { file: path.join(dir, 'gone') } }]
}

describe('archive writers', () => {
  it('fail a tar.gz whose file cannot be read, instead of hanging or writing it short', async () => {
    const dir = tempDir()
    await expect(writeTarGz(path.join(dir, 'a.tar.gz'), vanished(dir), 0)).rejects.toThrow('ENOENT')
  })

  it('fail a zip whose file cannot be read', async () => {
    const dir = tempDir()
    await expect(writeZip(path.join(dir, 'a.zip'), vanished(dir), 0)).rejects.toThrow('ENOENT')
  })
})
