import { describe, expect, it } from '@jest/globals'
import { normaliseProject, parseRequirement } from '../src/requirement.js'

describe('normaliseProject', () => {
  it('normalises names as PEP 503 says', () => {
    expect(normaliseProject('Mojo_Compiler.Mojo--Libs')).toBe('mojo-compiler-mojo-libs')
  })
})

describe('parseRequirement', () => {
  it('reads name, specifier and marker of a PEP 508 requirement', () => {
    expect(parseRequirement('Mojo[extra] (>=1.0, <2) ; python_version >= "3.9"')).toEqual({
      name: 'mojo',
      specifier: '>=1.0,<2',
      marker: 'python_version >= "3.9"'
    })
  })

  it('gives an empty specifier for any version', () => {
    expect(parseRequirement('mojo-compiler')).toEqual({ name: 'mojo-compiler', specifier: '', marker: '' })
  })

  it('refuses what is not a requirement', () => {
    expect(parseRequirement('-e ./local')).toBeUndefined()
  })
})
