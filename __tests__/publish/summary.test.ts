import { describe, expect, it } from '@jest/globals'
import { formatSize, renderSummary } from '../../src/publish/summary.js'
import type { Artifact } from '../../src/types.js'

const sha = (c: string): string => c.repeat(64)

const artifacts: Artifact[] = [
  {
    kind: 'archive',
    name: 'benchmarks',
    version: '0.1.0',
    file: 'benchmarks-0.1.0.tar.gz',
    sha256: sha('a'),
    size: 2048,
    contents: ['benchmarks-0.1.0/README.md', 'benchmarks-0.1.0/scripts/benchmarks/run_all.sh'],
    verification: { ok: true }
  },
  {
    kind: 'package',
    name: 'training',
    version: '0.1.0',
    file: 'training-0.1.0.mojoc',
    sha256: sha('b'),
    size: 40_000,
    import: 'training',
    mojo: '1.2.0',
    dependencies: ['odyssey_utils'],
    verification: {
      ok: false,
      reason: "training: imports 'odyssey_utils', which is not a declared dependency",
      output: "error: unable to locate module 'odyssey_utils'"
    }
  },
  {
    kind: 'package',
    name: 'data',
    version: '0.1.0',
    file: 'data-0.1.0.mojoc',
    sha256: sha('c'),
    size: 42_826,
    import: 'data',
    mojo: '1.2.0',
    dependencies: [],
    verification: { ok: true }
  }
]

const summary = renderSummary({
  toolchain: { version: '1.2.0', source: 'cache' },
  version: '0.1.0',
  artifacts,
  installCommand: (a) => `install ${a.file}`,
  installGuide: '# Installing ml-odyssey 0.1.0\n\nSteps.',
  uploads: [{ name: 'mojo-packages-0.1.0', url: 'https://github.com/o/r/actions/runs/1/artifacts/7' }]
})

describe('renderSummary', () => {
  it('renders the reviewed table for a fixture run', () => {
    expect(summary).toMatchSnapshot()
  })

  it('names the compiler and where the toolchain came from', () => {
    expect(summary).toContain('Mojo 1.2.0, toolchain restored from the Actions cache.')
  })

  it('lists failures first, with their reason', () => {
    const rows = summary.split('\n').filter((line) => line.startsWith('| `'))
    expect(rows.map((r) => r.split('`')[1])).toEqual([
      'training-0.1.0.mojoc',
      'data-0.1.0.mojoc',
      'benchmarks-0.1.0.tar.gz'
    ])
    expect(summary).toContain('**1 of 3 artifacts failed verification:**')
  })

  it('shows a short sha256 with the full one in details', () => {
    expect(summary).toContain(`<summary><code>${'c'.repeat(12)}</code></summary><code>${sha('c')}</code>`)
  })
})

describe('formatSize', () => {
  it.each([
    [512, '512 B'],
    [42_826, '41.8 KiB'],
    [81_774_875, '78.0 MiB']
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text)
  })
})
