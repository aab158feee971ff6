import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  capAnnotations,
  errorLines,
  firstError,
  parseDiagnostics,
  toAnnotations,
  type Annotation
} from '../../src/compile/diagnostics.js'

/** Real compiler output, captured by fixtures/capture.sh with the workspace at /tmp/mojo-diag-ws. */
const captured = (name: string): string =>
  fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', `${name}.stderr`),
    'utf8'
  )
const workspace = '/tmp/mojo-diag-ws'
const ws = { workspace, cwd: workspace, pkg: 'data' }

describe('parseDiagnostics', () => {
  it('reads located errors, their notes and the driver error from 1.2.0', () => {
    const diagnostics = parseDiagnostics(captured('errors-1.2.0'))
    expect(diagnostics.map((d) => [d.severity, d.file, d.line, d.column, d.message, d.notes.length])).toEqual(
      [
        [
          'error',
          `${workspace}/shared/data/dataset.mojo`,
          14,
          19,
          'no matching function in initialization',
          3
        ],
        [
          'error',
          `${workspace}/shared/data/dataset.mojo`,
          10,
          28,
          "use of unknown declaration 'undefined_name'",
          0
        ],
        ['error', undefined, undefined, undefined, 'failed to parse the provided Mojo source module', 0]
      ]
    )
  })

  it('reads the Included from lines of 0.26.2.0', () => {
    const [first] = parseDiagnostics(captured('errors-0.26.2.0'))
    expect([first.via, first.line, first.column, first.notes[0].via]).toEqual([
      `${workspace}/shared/data/__init__.mojo:1`,
      14,
      19,
      `${workspace}/shared/data/__init__.mojo:1`
    ])
  })

  it('reads warnings of a successful compile', () => {
    expect(parseDiagnostics(captured('warnings-0.26.2.0'))).toEqual([
      {
        severity: 'warning',
        message: "assignment to 'unused' was never used; assign to '_' instead?",
        file: `${workspace}/shared/data/dataset.mojo`,
        line: 18,
        column: 18,
        via: `${workspace}/shared/data/__init__.mojo:1`,
        notes: []
      }
    ])
  })

  it('reads notes without a column', () => {
    const [error] = parseDiagnostics('/w/a.mojo:3:5: error: bad\n/w/b.mojo:7: note: declared here\n')
    expect(error.notes).toEqual([
      {
        severity: 'note',
        message: 'declared here',
        file: '/w/b.mojo',
        line: 7,
        column: undefined,
        via: undefined,
        notes: []
      }
    ])
  })

  it("reads the driver's own errors", () => {
    expect(parseDiagnostics(captured('no-precompile-0.26.2.0'))).toEqual([
      { severity: 'error', message: "no such command 'precompile'", notes: [] }
    ])
  })
})

describe('toAnnotations', () => {
  it('annotates each located error at its workspace-relative file, line and column', () => {
    const annotations = toAnnotations(parseDiagnostics(captured('errors-1.2.0')), ws)
    expect(annotations.map((a) => [a.level, a.properties])).toEqual([
      [
        'error',
        {
          title: 'Mojo compile error (data)',
          file: 'shared/data/dataset.mojo',
          startLine: 14,
          startColumn: 19
        }
      ],
      [
        'error',
        {
          title: 'Mojo compile error (data)',
          file: 'shared/data/dataset.mojo',
          startLine: 10,
          startColumn: 28
        }
      ]
    ])
  })

  it('adds the notes to their error message', () => {
    const [first] = toAnnotations(parseDiagnostics(captured('errors-1.2.0')), ws)
    expect(first.message).toBe(
      'no matching function in initialization\n' +
        'note: shared/data/dataset.mojo:6:9: candidate not viable: unexpected argument\n' +
        "note: shared/data/dataset.mojo:1:1: candidate not viable: missing required argument: 'move'\n" +
        "note: shared/data/dataset.mojo:1:1: candidate not viable: missing required argument: 'copy'"
    )
  })

  it('keeps notes in the standard library as printed', () => {
    const [error] = toAnnotations(parseDiagnostics(captured('stdlib-notes-1.2.0')), ws)
    expect(error.message).toContain('note: Mojo/stdlib/std/builtin/len.mojo:147:1: candidate not viable')
  })

  it('annotates warnings as warnings', () => {
    const annotations = toAnnotations(parseDiagnostics(captured('warnings-1.2.0')), ws)
    expect(annotations).toEqual([
      {
        level: 'warning',
        message: "assignment to 'unused' was never used; assign to '_' instead?",
        properties: {
          title: 'Mojo compile warning (data)',
          file: 'shared/data/dataset.mojo',
          startLine: 18,
          startColumn: 18
        }
      }
    ])
  })

  it('annotates a driver error without a file when nothing else explains the failure', () => {
    expect(toAnnotations(parseDiagnostics(captured('mojopkg-refused-1.2.0')), ws)).toEqual([
      {
        level: 'error',
        message: "output path must have a '.mojoc' extension",
        properties: { title: 'Mojo compile error (data)' }
      }
    ])
  })

  it('resolves relative paths against the compiler working folder', () => {
    const [a] = toAnnotations(parseDiagnostics('shared/x/m.mojo:2:3: error: e'), ws)
    expect(a.properties.file).toBe('shared/x/m.mojo')
  })

  it('annotates a file outside the workspace without a file, naming it in the message', () => {
    const [a] = toAnnotations(parseDiagnostics('/elsewhere/m.mojo:2:3: error: e'), ws)
    expect([a.properties.file, a.message]).toEqual([undefined, '/elsewhere/m.mojo:2:3: e'])
  })
})

describe('firstError', () => {
  it('is the first located error, relative to the workspace', () => {
    expect(firstError(parseDiagnostics(captured('missing-module-1.2.0')), workspace, workspace)).toBe(
      "shared/training/trainer.mojo:1:6: unable to locate module 'odyssey_utils'"
    )
  })

  it("falls back to the driver's error", () => {
    expect(firstError(parseDiagnostics(captured('no-precompile-0.26.2.0')), workspace, workspace)).toBe(
      "no such command 'precompile'"
    )
  })
})

describe('capAnnotations', () => {
  const many = (level: Annotation['level'], n: number): Annotation[] =>
    Array.from({ length: n }, (_, i) => ({ level, message: `${level} ${i + 1}`, properties: { title: 't' } }))

  it("keeps a package's first 3 errors", () => {
    expect(capAnnotations(many('error', 1148), { error: 0, warning: 0 }).map((a) => a.message)).toEqual([
      'error 1',
      'error 2',
      'error 3'
    ])
  })

  it('keeps no more than 10 errors in the step', () => {
    expect(capAnnotations(many('error', 5), { error: 8, warning: 0 })).toHaveLength(2)
  })

  it('gives warnings a budget of their own', () => {
    const kept = capAnnotations([...many('error', 5), ...many('warning', 5)], { error: 10, warning: 0 })
    expect(kept.map((a) => a.message)).toEqual(['warning 1', 'warning 2', 'warning 3'])
  })
})

describe('errorLines', () => {
  it("lists every error, located first, without the driver's closing line", () => {
    const stderr = `mojo: error: something the driver says\n${captured('errors-1.2.0')}`
    expect(errorLines(parseDiagnostics(stderr), workspace, workspace)).toEqual([
      'shared/data/dataset.mojo:14:19: no matching function in initialization',
      "shared/data/dataset.mojo:10:28: use of unknown declaration 'undefined_name'",
      'something the driver says'
    ])
  })
})
