import { afterEach, describe, expect, it } from '@jest/globals'
import { packageFolders, selectPackageFolders } from '../../src/project/discover.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterEach(removeTempDirs)

const hostile = 'a\n::set-output name=packages::pwned'

describe('package folders with control characters', () => {
  it('refuses a discovered package folder whose name holds a newline, printing it escaped', async () => {
    const ws = writeFiles(tempDir('hostile'), { [`${hostile}/__init__.mojo`]: '' })
    const found = packageFolders(ws)
    await expect(found).rejects.toThrow(
      'a\\n::set-output name=packages::pwned: this package folder has a control character (such as a newline) in its path: rename it.'
    )
    await expect(packageFolders(ws)).rejects.not.toThrow(/\n/)
  })

  it('refuses a packages line holding a control character', async () => {
    const ws = writeFiles(tempDir('plain'), { 'data/__init__.mojo': '' })
    await expect(selectPackageFolders(ws, [`data\x1b[2J`], [])).rejects.toThrow(
      "Input 'packages': 'data\\x1b[2J' holds a control character: list plain folder names."
    )
  })
})
