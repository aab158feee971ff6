import { describe, expect, it } from '@jest/globals'
import { loadInputs } from '../../src/inputs/inputs.js'

const from =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

describe('loadInputs', () => {
  it('applies the documented defaults', () => {
    const inputs = loadInputs(from({}), { GITHUB_WORKSPACE: '/repo' })
    expect(inputs).toMatchObject({
      workspace: '/repo',
      outputDir: 'dist',
      format: 'auto',
      cache: 'true',
      verify: true,
      upload: true,
      uploadMode: 'archive',
      compressionLevel: 6,
      retentionDays: 0,
      ifNoFilesFound: 'warn',
      checkTag: true
    })
  })

  it.each([
    ['the runner passes for a matrix job', '{\n  "mojo": "1.2.0"\n}', true],
    ['the runner passes outside a matrix', 'null', false],
    ['a runner that does not evaluate defaults passes', '${{ toJSON(matrix) }}', false]
  ])("reads a job in a matrix from the 'matrix' %s", (_, value, inMatrix) => {
    expect(loadInputs(from({ matrix: value }), {}).inMatrix).toBe(inMatrix)
  })

  it('checks the version bump as an error on tag builds and as a warning on other builds', () => {
    const on = (ref: string) => loadInputs(from({}), { GITHUB_REF: ref }).checkVersionBump
    expect([on('refs/tags/v0.2.0'), on('refs/heads/main'), on('refs/pull/7/merge')]).toEqual([
      'error',
      'warn',
      'warn'
    ])
    expect(
      loadInputs(from({ 'check-version-bump': 'off' }), { GITHUB_REF: 'refs/tags/v0.2.0' }).checkVersionBump
    ).toBe('off')
  })

  it('uses the Actions cache by default on branch builds only, not on tag builds', () => {
    const on = (ref: string) => loadInputs(from({}), { GITHUB_REF: ref }).cache
    expect([on('refs/heads/main'), on('refs/pull/7/merge'), on('refs/tags/v0.2.0')]).toEqual([
      'true',
      'true',
      'false'
    ])
  })

  it("keeps the toolchain in the Actions cache only when 'cache' asks for it by name", () => {
    const toolchain = (cache: string) => loadInputs(from({ cache }), {}).cacheToolchain
    expect(['', 'auto', 'true', 'restore-only', 'false'].map(toolchain)).toEqual([
      false,
      false,
      true,
      true,
      false
    ])
  })

  it("uses the Actions cache on a tag build when 'cache' asks for it", () => {
    expect(loadInputs(from({ cache: 'true' }), { GITHUB_REF: 'refs/tags/v0.2.0' }).cache).toBe('true')
  })

  it('takes a changelog inside the repository, above the working directory too', () => {
    const inputs = loadInputs(from({ 'working-directory': 'lib', changelog: '../CHANGELOG.md' }), {
      GITHUB_WORKSPACE: '/repo'
    })
    expect(inputs.changelog).toBe('../CHANGELOG.md')
  })

  it('parses archives with their formats', () => {
    const inputs = loadInputs(
      from({ archives: 'benchmarks: scripts/benchmarks/** README.md\ndocs-offline.zip: site/**' }),
      {}
    )
    expect(inputs.archives).toEqual([
      { name: 'benchmarks', format: 'tar.gz', patterns: ['scripts/benchmarks/**', 'README.md'] },
      { name: 'docs-offline', format: 'zip', patterns: ['site/**'] }
    ])
  })

  it('splits verify commands into argv without a shell', () => {
    const inputs = loadInputs(from({ 'verify-commands': `benchmarks: ./run.sh --name "a b" 'c;d'` }), {})
    expect(inputs.verifyCommands).toEqual([
      { archive: 'benchmarks', argv: ['./run.sh', '--name', 'a b', 'c;d'] }
    ])
  })

  it('reads verify-imports per package', () => {
    const inputs = loadInputs(from({ 'verify-imports': 'data: Dataset, DataLoader\nutils: clamp' }), {})
    expect(inputs.verifyImports).toEqual(
      new Map([
        ['data', ['Dataset', 'DataLoader']],
        ['utils', ['clamp']]
      ])
    )
  })

  it.each([
    ['cache', 'sometimes', /Input 'cache': expected one of 'auto', 'true', 'false', 'restore-only'/],
    ['retention-days', '91', /Input 'retention-days': expected a whole number from 1 to 90/],
    ['compression-level', 'x', /Input 'compression-level'/],
    ['output-dir', '../out', /Input 'output-dir': '..\/out' must be a folder inside the workspace/],
    ['working-directory', '../..', /Input 'working-directory': '..\/..' leaves the repository/],
    ['archives', 'no colon here', /Input 'archives': cannot read line/],
    ['verify-imports', 'data: 1bad', /Input 'verify-imports': '1bad'/],
    ['verify', 'yes', /Input 'verify': expected 'true' or 'false'/],
    ['compile-timeout', '0', /Input 'compile-timeout': expected a whole number from 1 to 360/],
    [
      'archives',
      'x.rar: docs/**',
      /Input 'archives': archive 'x.rar': the action writes .tar.gz and .zip only/
    ],
    ['index-url', 'ht!tp://x', /Input 'index-url': 'ht!tp:\/\/x' is not a URL/],
    ['index-url', 'http://mirror.example/simple/', /must be an https:\/\/ or file:\/\/ URL/],
    ['artifact-name', 'a/b', /Input 'artifact-name': 'a\/b' cannot name an artifact/],
    ['artifact-name', 'a:b', /Input 'artifact-name': 'a:b' cannot name an artifact/],
    ['artifact-name', '..', /Input 'artifact-name': '..' cannot name an artifact/],
    ['bundle', '../all', /Input 'bundle': '..\/all' cannot be a file name/],
    ['matrix', 'linux', /Input 'matrix': 'linux' is not a job's matrix as JSON: leave 'matrix' unset/],
    ['matrix', '["1.2.0"]', /Input 'matrix': '\["1\.2\.0"\]' is not a job's matrix/],
    ['check-version-bump', 'strict', /Input 'check-version-bump': expected one of 'error', 'warn', 'off'/],
    ['changelog', '/etc/passwd', /Input 'changelog': '\/etc\/passwd' must be a file inside the repository/],
    ['changelog', '../../CHANGELOG.md', /Input 'changelog': '..\/..\/CHANGELOG.md' must be a file inside/]
  ])('rejects %s=%s naming the input', (name, value, message) => {
    expect(() => loadInputs(from({ [name]: value }), {})).toThrow(message)
  })
})
