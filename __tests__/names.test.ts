import { describe, expect, it } from '@jest/globals'
import { archiveFormat, importName, isIdentifier, isPackageName, splitArchiveName } from '../src/names.js'

describe('names', () => {
  it('accepts Mojo identifiers and nothing else', () => {
    expect(['Dataset', '_x', 'a1'].map(isIdentifier)).toEqual([true, true, true])
    expect(['1a', 'a-b', 'a.b', ''].map(isIdentifier)).toEqual([false, false, false, false])
  })

  it('accepts package names with - and .', () => {
    expect(['odyssey-utils', 'ml.data', 'data'].map(isPackageName)).toEqual([true, true, true])
    expect(['-x', 'a b', 'a/b'].map(isPackageName)).toEqual([false, false, false])
  })

  it('turns a package name into its import name', () => {
    expect(importName('odyssey-utils.core')).toBe('odyssey_utils_core')
  })

  it('splits an archive name from its extension', () => {
    expect(['docs.zip', 'tools.tar.gz', 'tools.tgz', 'plain', 'x.rar'].map(splitArchiveName)).toEqual([
      { name: 'docs', format: 'zip' },
      { name: 'tools', format: 'tar.gz' },
      { name: 'tools', format: 'tar.gz' },
      { name: 'plain' },
      { name: 'x.rar' }
    ])
  })

  it('knows an archive format only by a known extension', () => {
    expect([archiveFormat('a-0.1.0.tar.gz'), archiveFormat('a-0.1.0.rar')]).toEqual(['tar.gz', undefined])
  })
})
