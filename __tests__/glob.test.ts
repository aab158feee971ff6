import { describe, expect, it } from '@jest/globals'
import { globToRegExp, literalBase, matchesFile, patternProblem } from '../src/glob.js'

const takes = (pattern: string, file: string): boolean => matchesFile(globToRegExp(pattern), file)

describe('glob', () => {
  it('keeps * inside one segment', () => {
    expect([takes('*.md', 'README.md'), takes('*.md', 'docs/a.md')]).toEqual([true, false])
  })

  it('lets ** span any number of segments, including none', () => {
    expect(['a.md', 'docs/a.md', 'docs/x/y/a.md'].map((f) => takes('**/*.md', f))).toEqual([true, true, true])
  })

  it('takes every file under a folder named by site, site/ or site/**', () => {
    expect(['site', 'site/', './site/**'].map((p) => takes(p, 'site/api/data.html'))).toEqual([
      true,
      true,
      true
    ])
  })

  it('does not take a file whose name only starts like the folder', () => {
    expect(takes('site/**', 'site-old/index.html')).toBe(false)
  })

  it('understands ?, [...] and {a,b}', () => {
    expect([takes('v?.txt', 'v1.txt'), takes('[!a]*.txt', 'a1.txt'), takes('*.{md,txt}', 'x.txt')]).toEqual([
      true,
      false,
      true
    ])
  })

  it('treats regular expression characters literally', () => {
    expect([takes('a+b.(1).txt', 'a+b.(1).txt'), takes('a.txt', 'abtxt')]).toEqual([true, false])
  })

  it('starts walks at the segments before the first wildcard', () => {
    expect(['scripts/benchmarks/**', 'README.md', '**/*.md', 'site/*/x'].map(literalBase)).toEqual([
      'scripts/benchmarks',
      'README.md',
      '',
      'site'
    ])
  })

  it('refuses patterns that leave the workspace', () => {
    expect(
      ['../x', 'a/../../b', '/etc/passwd', 'C:/x', 'ok/**'].map((p) => patternProblem(p) !== undefined)
    ).toEqual([true, true, true, true, false])
  })
})

const matches = (glob: string, paths: string[]) => paths.filter((p) => globToRegExp(glob).test(p))
const folders = ['shared/data', 'shared/utils', 'shared/nested/deep', 'libs/a.b', 'libs/axb']

describe('globToRegExp over package folders', () => {
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
    expect(matches('shared/{data,utils}', folders)).toEqual(['shared/data', 'shared/utils'])
  })

  it('takes a dot literally', () => {
    expect(matches('libs/a.b', folders)).toEqual(['libs/a.b'])
  })
})
