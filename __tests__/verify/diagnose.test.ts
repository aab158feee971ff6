import { describe, expect, it } from '@jest/globals'
import { explainFailure, type FailureContext } from '../../src/verify/diagnose.js'

// Outputs as Mojo 1.2.0 and 0.26.2.0 printed them in a clean folder (captured on this machine).
const DRIVER = '/opt/modular/bin/mojo'
const missingSymbol = `/tmp/mojo-verify-1/work/app.mojo:1:41: error: package 'data' does not contain 'DataLoader'
from data import Dataset, make_dataset, DataLoader
                                        ^
${DRIVER}: error: failed to parse the provided Mojo source module
`
const undeclared = `/tmp/mojo-verify-2/work/app.mojo:1:8: error: unable to locate module 'data'
import report
       ^
${DRIVER}: error: failed to parse the provided Mojo source module
`
const undeclared026 = `/ws/shared/training/__init__.mojo:1:1: error: unable to locate module 'odyssey_utils'
"""Training loops."""
^
${DRIVER}: error: failed to parse the provided Mojo source module
`
const sourceModule = `<unknown>:0: error: unable to locate module 'helpers'
Please submit a bug report to https://github.com/modular/modular/issues and include the crash backtrace.
Stack dump:
0.	Program arguments: ${DRIVER} run -I /tmp/mojo-verify-3/work/lib app.mojo
`
const readsSourceFile = `stack trace was not collected. Enable stack trace collection with environment variable \`MODULAR_DEBUG=stack-trace-on-error\`
Unhandled exception caught during execution: Failed to open file 'shared/table/table.csv': No such file or directory
${DRIVER}: error: execution exited with a non-zero result: 1
`
const raised = `Unhandled exception caught during execution: expected 4 samples
${DRIVER}: error: execution exited with a non-zero result: 1
`

function context(overrides: Partial<FailureContext> = {}): FailureContext {
  return {
    subject: 'report',
    built: new Map([
      ['data', 'shared/data/mojo.toml'],
      ['report', 'shared/report/mojo.toml'],
      ['training', 'shared/training/mojo.toml'],
      ['odyssey_utils', 'shared/odyssey_utils/mojo.toml']
    ]),
    installed: new Set(['report']),
    sourceModule: (name) => (name === 'helpers' ? 'shared/helpers.mojo' : undefined),
    isSourceFile: (p) => p === 'shared/table/table.csv',
    ...overrides
  }
}

describe('explainFailure', () => {
  it('names the package and the symbol it does not export, with the compiler message', () => {
    expect(explainFailure(missingSymbol, 'exit code 1', context({ subject: 'data' }))).toBe(
      "data: symbol 'DataLoader' is not exported (error: package 'data' does not contain 'DataLoader')"
    )
  })

  it('calls an import of a built but uninstalled workspace package an undeclared dependency', () => {
    expect(explainFailure(undeclared, 'exit code 1', context())).toBe(
      "report: imports 'data', which is not a declared dependency: add it to [dependencies] in " +
        "shared/report/mojo.toml (error: unable to locate module 'data')"
    )
  })

  it('names the package when 0.26 blames the source file instead of the check program', () => {
    const ctx = context({ subject: 'training', installed: new Set(['training']) })
    expect(explainFailure(undeclared026, 'exit code 1', ctx)).toMatch(
      /^training: imports 'odyssey_utils', which is not a declared dependency: add it to \[dependencies\] in shared\/training\/mojo\.toml/
    )
  })

  it('names the package imported on the failing line of a bundle check', () => {
    const ctx = context({
      subject: 'bundle ml-odyssey-0.1.0.tar.gz',
      packageAt: (file, line) => (file.endsWith('app.mojo') && line === 1 ? 'report' : undefined)
    })
    expect(explainFailure(undeclared, 'exit code 1', ctx)).toMatch(/^report: imports 'data'/)
  })

  it('names a module of the source tree that no package provides, and the crash', () => {
    expect(explainFailure(sourceModule, 'killed by SIGSEGV', context({ subject: 'mathx' }))).toBe(
      "mathx: imports 'helpers', a file of the source tree (shared/helpers.mojo) that no built package " +
        'provides: move it into the package or make it a package of its own and declare it ' +
        "(error: unable to locate module 'helpers') (the compiler crashed: killed by SIGSEGV)"
    )
  })

  it('says when an import is neither built nor in the standard library', () => {
    const ctx = context({ sourceModule: () => undefined })
    expect(explainFailure(undeclared.replace(/'data'/, "'numpyx'"), 'exit code 1', ctx)).toMatch(
      /^report: imports 'numpyx', which is neither a built package nor part of the standard library/
    )
  })

  it('names a source-tree file a program read at run time', () => {
    expect(
      explainFailure(readsSourceFile, 'exit code 1', context({ subject: 'verify-script tests/t.mojo' }))
    ).toBe(
      "verify-script tests/t.mojo: reads 'shared/table/table.csv', a file of the source tree that the clean " +
        "environment does not have (error: Failed to open file 'shared/table/table.csv': No such file or directory)"
    )
  })

  it('shows the error a program raised', () => {
    expect(explainFailure(raised, 'exit code 1', context({ subject: 'verify-script tests/t.mojo' }))).toBe(
      'verify-script tests/t.mojo: raised an error: expected 4 samples'
    )
  })

  it("falls back to the exit status and a command's last line", () => {
    const output = "ls: cannot access 'docs/missing.html': No such file or directory\n"
    expect(
      explainFailure(
        output,
        'exit code 2',
        context({ subject: "site: verify-command 'ls docs/missing.html'" })
      )
    ).toBe(
      "site: verify-command 'ls docs/missing.html': failed with exit code 2: ls: cannot access 'docs/missing.html': No such file or directory"
    )
  })
})
