import { describe, expect, it } from '@jest/globals'
import { globToRegExp, isGlob, literalBase, matchesFile, patternProblem } from '../src/glob.js'

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
    expect([takes('a+b.(1).txt', 'a+b.(1).txt'), takes('a.txt', 'abtxt'), takes('x|y', 'x|y')]).toEqual([
      true,
      false,
      true
    ])
  })

  it('lets * and ** match names starting with a dot', () => {
    expect([takes('*', '.env'), takes('**/*.md', '.github/a.md')]).toEqual([true, true])
  })

  it('expands braces, also nested and across segments', () => {
    expect(['a/x.md', 'b/y/x.txt', 'c/x.md'].map((f) => takes('{a,b/*}/x.{md,txt}', f))).toEqual([
      true,
      true,
      false
    ])
  })

  it('expands numeric ranges {1..3}', () => {
    expect(['v1.txt', 'v3.txt', 'v4.txt', 'v10.txt'].map((f) => takes('v{1..3}.txt', f))).toEqual([
      true,
      true,
      false,
      false
    ])
  })

  it('matches one character of a class [abc], a range [a-c] or a negated class [!abc]', () => {
    expect(
      ['a', 'c', 'd'].map((c) => [
        takes('[abc].txt', `${c}.txt`),
        takes('[a-c].txt', `${c}.txt`),
        takes('[!abc].txt', `${c}.txt`)
      ])
    ).toEqual([
      [true, true, false],
      [true, true, false],
      [false, false, true]
    ])
  })

  it('tells globs from plain paths', () => {
    expect(['shared/*', 'v?', 'lib[12]', '{a,b}', 'shared/data', 'a(1)'].map(isGlob)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false
    ])
  })

  it('starts walks at the segments before the first wildcard', () => {
    expect(
      ['scripts/benchmarks/**', 'README.md', '**/*.md', 'site/*/x', './a(1)//{b,c}', 'x/[ab]'].map(
        literalBase
      )
    ).toEqual(['scripts/benchmarks', 'README.md', '', 'site', 'a(1)', 'x'])
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
