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

const input = {
  toolchain: { version: '1.2.0', source: 'cache' as const },
  version: '0.1.0',
  artifacts,
  installCommand: (a: Artifact) => `install ${a.file}`,
  installGuide: '# Installing ml-odyssey 0.1.0\n\nSteps.',
  uploads: [{ name: 'mojo-packages-0.1.0', url: 'https://github.com/o/r/actions/runs/1/artifacts/7' }]
}
const summary = renderSummary(input)

describe('renderSummary', () => {
  it('has one table row per artifact, under a header naming every column', () => {
    expect(summary).toContain(
      '| Artifact | Kind | Version | Size | SHA-256 | Mojo | Verification | Install |'
    )
    expect(summary.split('\n').filter((line) => line.startsWith('| <code>'))).toHaveLength(3)
  })

  it('embeds INSTALL.md and the contents of archives', () => {
    expect(summary).toContain('<details><summary>INSTALL.md</summary>')
    expect(summary).toContain(
      '<pre>benchmarks-0.1.0/README.md\nbenchmarks-0.1.0/scripts/benchmarks/run_all.sh</pre>'
    )
  })

  it('renders untrusted text inert: no HTML of its own, no cell or fence it can end', () => {
    const hostile: Artifact = {
      ...artifacts[1],
      verification: {
        ok: false,
        reason: '<img src=x onerror=alert(1)> | cell',
        output: '```\n<script>x</script>'
      }
    }
    const text = renderSummary({ ...input, artifacts: [hostile] })
    expect(text).not.toMatch(/<img|<script/)
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt; \\| cell')
    expect(text).toContain('<pre>```\n&lt;script&gt;x&lt;/script&gt;</pre>')
  })

  it('names the compiler and where the toolchain came from', () => {
    expect(summary).toContain('Mojo 1.2.0, toolchain restored from the Actions cache.')
  })

  it('lists failures first, with their reason', () => {
    const rows = summary.split('\n').filter((line) => line.startsWith('| <code>'))
    expect(rows.map((r) => /<code>([^<]+)<\/code>/.exec(r)?.[1])).toEqual([
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
