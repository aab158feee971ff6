import { describe, expect, it } from '@jest/globals'
import type { PackageResult } from '../../src/types.js'
import {
  describeCompiler,
  formatSize,
  renderRefusal,
  renderSummary,
  type SummaryInput
} from '../../src/publish/summary.js'
import type { Finding } from '../../src/checklist/items.js'
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

const pixiToml = 'pixi.toml [dependencies] mojo = "==1.2.0"'
const built = {
  artifacts,
  installCommand: (a: Artifact) => `install ${a.file}`,
  installGuide: '# Installing ml-odyssey 0.1.0\n\nSteps.',
  uploads: [{ name: 'mojo-packages-0.1.0', url: 'https://github.com/o/r/actions/runs/1/artifacts/7' }]
}
const input: SummaryInput = {
  version: '0.1.0',
  compiler: { request: '1.2.0', origin: pixiToml, toolchain: { version: '1.2.0', source: 'cache' } },
  packages: [],
  failure: '1 of 3 artifacts did not install and work in a clean environment: training-0.1.0.mojoc: ...',
  built
}
const summary = renderSummary(input)

describe('renderSummary', () => {
  it('opens with the verdict', () => {
    expect(summary.split('\n')[0]).toBe('## ❌ Mojo packages 0.1.0: 1 of 3 files failed verification')
  })

  it('has one row per package and a column per format, each cell a result', () => {
    expect(summary).toContain(
      [
        '| Package | mojoc |',
        '| --- | --- |',
        "| <code>training</code> | ❌ training: imports 'odyssey_utils', which is not a declared dependency |",
        '| <code>data</code> | ✅ |'
      ].join('\n')
    )
  })

  it('puts a wheel in its package row', () => {
    const wheel: Artifact = {
      kind: 'wheel',
      name: 'data',
      distribution: 'data',
      version: '0.1.0',
      file: 'data-0.1.0-py3-none-any.whl',
      sha256: sha('d'),
      size: 1,
      verification: { ok: true }
    }
    const data = { ...artifacts[2], distribution: 'data' }
    const text = renderSummary({ ...input, built: { ...built, artifacts: [data, wheel] } })
    expect(text).toContain(
      '| Package | mojoc | wheel |\n| --- | --- | --- |\n| <code>data</code> | ✅ | ✅ |'
    )
  })

  it('lists the bundle, archives and install_verify.sh as files of their own', () => {
    expect(summary).toContain(
      '| File | Kind | Result |\n| --- | --- | --- |\n| <code>benchmarks-0.1.0.tar.gz</code> | archive | ✅ |'
    )
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
    const text = renderSummary({ ...input, built: { ...built, artifacts: [hostile] } })
    expect(text).not.toMatch(/<img|<script/)
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt; \\| cell')
    expect(text).toContain('<pre>```\n&lt;script&gt;x&lt;/script&gt;</pre>')
  })

  it('names the compiler, why it was chosen and where the toolchain came from', () => {
    expect(summary).toContain(`Mojo 1.2.0, from ${pixiToml}; toolchain restored from the Actions cache.`)
  })

  it("lists the step's error under the verdict, a line an item", () => {
    const text = renderSummary({ ...input, failure: 'Two failed:\n- `data`: no Dataset\n- training: <b>' })
    expect(text).toContain(
      'restored from the Actions cache.\n\n- Two failed:\n  - <code>data</code>: no Dataset\n  - training: &lt;b&gt;\n'
    )
  })

  it('folds every file with its size and full sha256, failures first', () => {
    const rows = summary.split('\n').filter((line) => line.startsWith('| <code>') && line.includes(sha('b')))
    expect(rows).toEqual([`| <code>training-0.1.0.mojoc</code> | 39.1 KiB | <code>${sha('b')}</code> |`])
    expect(summary).toContain('<details><summary>3 files, with SHA-256</summary>')
  })

  it("folds INSTALL.md with its headings below the summary's", () => {
    const text = renderSummary({ ...input, built: { ...built, installGuide: '# Installing\n\n## Steps\n' } })
    expect(text).toContain('<details><summary>INSTALL.md</summary>\n\n#### Installing\n\n##### Steps\n')
  })

  it('shows bidirectional controls in names as their code, so a name cannot look like another', () => {
    const spoof: Artifact = { ...artifacts[2], file: 'data\u202egpj.mojoc' }
    const text = renderSummary({ ...input, built: { ...built, artifacts: [spoof] } })
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/)
    expect(text).toContain('data[U+202E]gpj.mojoc')
  })

  it('says so in the verdict when everything shipped and verified', () => {
    const passing = artifacts.map((a) => ({ ...a, verification: { ok: true } }))
    const text = renderSummary({ ...input, failure: undefined, built: { ...built, artifacts: passing } })
    expect(text.split('\n')[0]).toBe(
      '## ✅ Mojo packages 0.1.0: 2 packages as mojoc, 1 archive shipped; each installs and imports in a clean environment'
    )
  })

  it('says so in the verdict when nothing was verified', () => {
    const unchecked = artifacts.map((a) => ({ ...a, verification: undefined }))
    const text = renderSummary({ ...input, failure: undefined, built: { ...built, artifacts: unchecked } })
    expect(text.split('\n')[0]).toContain('not verified (verify is false)')
  })
})

describe('renderSummary of a failed compile', () => {
  const errors = Array.from(
    { length: 12 },
    (_, i) => `shared/data/dataset.mojo:${18 + 4 * i}:12: use of unknown declaration 'x${i}'`
  )
  const data = {
    name: 'data',
    relDir: 'shared/data',
    state: 'failed' as const,
    errors,
    exit: 'exit code 1',
    logGroup: 'mojo precompile shared/data'
  }
  const packages: PackageResult[] = [
    data,
    { name: 'odyssey-utils', relDir: 'shared/odyssey_utils', state: 'built' },
    {
      name: 'training',
      relDir: 'shared/training',
      state: 'not built',
      reason: 'depends on data, which failed'
    }
  ]
  const failed: SummaryInput = {
    version: '0.1.0',
    compiler: { request: '1.2.0', origin: pixiToml, toolchain: { version: '1.2.0', source: 'download' } },
    packages,
    failure: `Could not compile data (shared/data): ${errors[0]} (every diagnostic is in the log group 'mojo precompile shared/data')`
  }
  const text = renderSummary(failed)

  it('names the compiler and why it was chosen', () => {
    expect(text).toContain(`Mojo 1.2.0, from ${pixiToml}; toolchain downloaded (not cached yet).`)
  })

  it("says in the verdict how many packages did not compile, and shows the step's error", () => {
    expect(text).toMatch(/^## ❌ Mojo packages 0.1.0: 1 package did not compile\n/)
    expect(text).toContain('- Could not compile data (shared/data): shared/data/dataset.mojo:18:12')
  })

  it('gives each package its result', () => {
    expect(text).toContain(
      [
        '| Package | Folder | Result |',
        '| --- | --- | --- |',
        '| data | <code>shared/data</code> | ❌ failed: 12 errors |',
        '| odyssey-utils | <code>shared/odyssey_utils</code> | ✅ built |',
        '| training | <code>shared/training</code> | not built: depends on data, which failed |'
      ].join('\n')
    )
  })

  it('shows the first 10 errors of a failed package and where all of them are', () => {
    expect(text).toContain(
      '**data**: The first 10 of 12 errors (every diagnostic is in the log group <code>mojo precompile shared/data</code>):\n\n' +
        `<pre>${errors.slice(0, 10).join('\n')}</pre>`
    )
  })

  it('has no artifact table: nothing was built', () => {
    expect(text).not.toContain('| File |')
  })

  it('keeps compiler errors inert', () => {
    const hostile: PackageResult = { ...data, errors: ['a.mojo:1:1: <script>x</script>\n```'] }
    expect(renderSummary({ ...failed, packages: [hostile] })).toContain(
      '<pre>a.mojo:1:1: &lt;script&gt;x&lt;/script&gt;\n```</pre>'
    )
  })

  it('gives the way the compiler ended when it printed no error', () => {
    const crashed: PackageResult = { ...data, errors: [], exit: 'killed by SIGSEGV (a crash)' }
    expect(renderSummary({ ...failed, packages: [crashed] })).toContain(
      '| ❌ failed: killed by SIGSEGV (a crash) |'
    )
  })

  it('says when the toolchain was not installed', () => {
    const compiler = { request: '1.2.0', origin: pixiToml }
    expect(renderSummary({ ...failed, compiler })).toContain(`Mojo 1.2.0, from ${pixiToml}; not installed.`)
  })
})

describe('renderSummary with the release checklist', () => {
  const checklist: Finding[] = [
    {
      item: 'Version bump appropriately (patch/minor/major)',
      state: 'fail',
      file: 'shared/odyssey_utils/mojo.toml',
      detail:
        'odyssey-utils 0.1.0 → 0.1.1 (patch) since v0.1.0, but its public API changes the signature of `clamp`: ' +
        'that needs a minor bump before 1.0, 0.2.0 at least. Raise the version in shared/odyssey_utils/mojo.toml.'
    },
    {
      item: 'Version bump appropriately (patch/minor/major)',
      state: 'pass',
      detail: 'data 0.1.0 → 0.1.1 (patch) since v0.1.0: its public API adds `shuffle`.'
    },
    {
      item: 'CHANGELOG.md updated with changes',
      state: 'pass',
      file: 'CHANGELOG.md',
      detail: 'CHANGELOG.md has the section ## [0.1.1] - 2026-10-20'
    },
    {
      item: 'No artifacts committed to git',
      state: 'warn',
      file: 'a<b>.mojoc',
      detail: 'a<b>.mojoc is a built file tracked by git: add `*.mojoc` to .gitignore'
    }
  ]
  const changelog = {
    file: 'CHANGELOG.md',
    heading: '## [0.1.1] - 2026-10-20',
    body: '### Fixed\n\n- Faster loads.'
  }
  const text = renderSummary({ ...input, checklist, changelog })

  it('lists every item of the guide in its words, marked by what was found', () => {
    expect(text).toContain(
      [
        '### Release checklist',
        '',
        '- ❌ **Version bump appropriately (patch/minor/major)**:',
        '  - odyssey-utils 0.1.0 → 0.1.1 (patch) since v0.1.0, but its public API changes the signature of ' +
          '<code>clamp</code>: that needs a minor bump before 1.0, 0.2.0 at least. Raise the version in ' +
          'shared/odyssey_utils/mojo.toml.',
        '  - data 0.1.0 → 0.1.1 (patch) since v0.1.0: its public API adds <code>shuffle</code>.',
        '- ✅ **CHANGELOG.md updated with changes**: CHANGELOG.md has the section ## [0.1.1] - 2026-10-20',
        '- ➖ **License included in package**: not checked',
        '- ⚠️ **No artifacts committed to git**: a&lt;b&gt;.mojoc is a built file tracked by git: add ' +
          '<code>*.mojoc</code> to .gitignore',
        '- ➖ **Installation verification script created and passing**: not checked',
        ''
      ].join('\n')
    )
  })

  it("quotes the changelog's section for the release", () => {
    expect(text).toContain('#### CHANGELOG.md: [0.1.1] - 2026-10-20\n\n> ### Fixed\n>\n> - Faster loads.\n')
  })

  it('has no checklist when the checks did not run', () => {
    expect(summary).not.toContain('Release checklist')
  })
})

describe('describeCompiler', () => {
  it('names the version and why it was chosen', () => {
    expect(describeCompiler({ request: '1.2.0', origin: pixiToml })).toBe(`Mojo 1.2.0, from ${pixiToml}`)
  })

  it('names the request too when the installed version differs from it', () => {
    const toolchain = { version: '1.2.0', source: 'download' as const }
    expect(describeCompiler({ request: 'latest', origin: 'the mojo-version input', toolchain })).toBe(
      'Mojo 1.2.0 (latest), from the mojo-version input'
    )
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

describe('renderRefusal', () => {
  it('gives a run stopped by its checks a verdict and the error to fix', () => {
    expect(renderRefusal("Input 'cache': expected `true`")).toBe(
      "## ❌ Mojo packages: stopped before anything was downloaded\n\n- Input 'cache': expected <code>true</code>\n\nFix the input or file the error names; nothing was built.\n"
    )
  })
})
