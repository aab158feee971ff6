import { describe, expect, it } from '@jest/globals'
import { globToRegExp } from '../../src/project/discover.js'

const matches = (glob: string, paths: string[]) => paths.filter((p) => globToRegExp(glob).test(p))
const folders = ['shared/data', 'shared/utils', 'shared/nested/deep', 'libs/a.b', 'libs/axb']

describe('globToRegExp', () => {
  it('lets * stay within one folder', () => {
    expect(matches('shared/*', folders)).toEqual(['shared/data', 'shared/utils'])
  })

  it('lets ** span folders', () => {
    expect(matches('shared/**', folders)).toEqual(['shared/data', 'shared/utils', 'shared/nested/deep'])
  })

  it('lets **/ match no folder at all', () => {
    expect(matches('**/data', folders)).toEqual(['shared/data'])
  })

  it('expands {a,b} alternatives', () => {
    expect(matches('shared/{data,nested/*}', folders)).toEqual(['shared/data', 'shared/nested/deep'])
  })

  it('takes a dot literally', () => {
    expect(matches('libs/a.b', folders)).toEqual(['libs/a.b'])
  })
})
