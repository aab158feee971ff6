import { describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { registerProblemMatcher } from '../../src/compile/matcher.js'
import { annotateLine } from '../support/matcher.js'
import { repoRoot } from '../support/run-action.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const matcherFile = path.join(repoRoot, '.github', 'mojo-problem-matcher.json')

/** What the runner would annotate: every line through every single-line matcher. */
function match(stderr: string) {
  return stderr
    .split('\n')
    .flatMap((line) => annotateLine(matcherFile, line).map(({ owner: _, ...found }) => found))
}
const captured = (name: string) => fs.readFileSync(path.join(here, 'fixtures', `${name}.stderr`), 'utf8')

describe('the problem matcher', () => {
  it('matches errors with file, line and column, and skips notes and the generic driver line', () => {
    expect(match(captured('errors-0.26.2.0'))).toEqual([
      {
        severity: 'error',
        message: 'no matching function in initialization',
        file: '/tmp/mojo-diag-ws/shared/data/dataset.mojo',
        line: '14',
        column: '19'
      },
      {
        severity: 'error',
        message: "use of unknown declaration 'undefined_name'",
        file: '/tmp/mojo-diag-ws/shared/data/dataset.mojo',
        line: '10',
        column: '28'
      }
    ])
  })

  it('matches warnings', () => {
    expect(match(captured('warnings-1.2.0')).map((m) => m.severity)).toEqual(['warning'])
  })

  it("matches the driver's own errors", () => {
    expect(match(captured('mojopkg-refused-1.2.0'))).toEqual([
      {
        severity: 'error',
        message: "output path must have a '.mojoc' extension",
        file: undefined,
        line: undefined,
        column: undefined
      }
    ])
  })

  it('registers with the runner by path', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    registerProblemMatcher(matcherFile)
    const written = write.mock.calls.map(([text]) => String(text))
    write.mockRestore()
    expect(written).toEqual([`::add-matcher::${matcherFile}\n`])
  })
})
