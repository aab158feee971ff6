/**
 * The catalogue: bad inputs, hostile workspaces, attacks and faults, one case each, run through the
 * bundle as a runner runs it. Every case asserts the message, that the workspace is unchanged, and
 * (for everything checked before the download) that the index was never asked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { startIndexServer, type IndexServer } from '../support/index-server.js'
import { repoRoot, runAction, type StepResult } from '../support/run-action.js'
import { fixtureCopy, removeTempDirs } from '../support/temp.js'

interface Case {
  group: 'inputs' | 'project' | 'output-dir' | 'attacks' | 'faults'
  name: string
  inputs?: Record<string, string>
  /** Files written into the workspace copy before the run (path -> content; null removes). */
  files?: Record<string, string | null>
  /** Symbolic links made in the workspace copy (path -> target). */
  links?: Record<string, string>
  env?: Record<string, string>
  /** What the error must say. */
  message: string | RegExp
  /** Cases that fail before the download ask the index nothing. Default true. */
  early?: boolean
}

const mojoToml = (name: string, version = '0.1.0', deps = ''): string =>
  `[project]\nname = "${name}"\nversion = "${version}"\n\n[dependencies]\n${deps}`

const bad = (input: string, value: string, message: string | RegExp): Case => ({
  group: 'inputs',
  name: `${input}: ${JSON.stringify(value)}`,
  inputs: { [input]: value },
  message
})

const cases: Case[] = [
  // Every input, with a value it cannot take.
  bad('mojo-version', 'banana', "Input 'mojo-version': 'banana' is not a version"),
  bad('mojo-version-file', 'nope.toml', "Input 'mojo-version-file': 'nope.toml' does not exist"),
  bad('mojo-version-file', 'shared', "Input 'mojo-version-file': 'shared' is not a file"),
  bad('pixi-environment', 'GPU env', "Input 'pixi-environment': 'GPU env' is not a pixi environment name"),
  bad('pixi-environment', 'gpu', "Input 'pixi-environment': there is no pixi.lock or magic.lock in"),
  bad('index-url', 'ht!tp://x', "Input 'index-url': 'ht!tp://x' is not a URL"),
  bad(
    'index-url',
    'http://mirror.example/simple/',
    "Input 'index-url': 'http://mirror.example/simple/' must be an https:// or file:// URL"
  ),
  bad('index-url', 'ftp://mirror.example/simple/', 'must be an https:// or file:// URL'),
  bad('cache', 'sometimes', "Input 'cache': expected one of 'true', 'false', 'restore-only'"),
  bad('compile-cache', 'always', "Input 'compile-cache': expected 'true' or 'false', got 'always'."),
  bad('working-directory', 'missing', /Input 'working-directory': .*missing does not exist/),
  bad('working-directory', 'README.md', /Input 'working-directory': .*README\.md is not a folder/),
  bad('working-directory', '../..', "Input 'working-directory': '../..' leaves the repository"),
  bad(
    'packages',
    '../elsewhere',
    "Input 'packages': '../elsewhere' must be a folder or glob inside the workspace."
  ),
  bad('packages', 'shared/none', "Input 'packages': 'shared/none' matches no folder holding __init__.mojo"),
  bad('packages', 'nothing/*', "Input 'packages': 'nothing/*' matches no folder holding __init__.mojo"),
  bad(
    'external-packages',
    'vendor/missing',
    "Input 'external-packages': 'vendor/missing' does not exist: name a .mojoc or .mojopkg file"
  ),
  bad('output-dir', '../out', "Input 'output-dir': '../out' must be a folder inside the workspace."),
  bad('output-dir', '/tmp/out', "Input 'output-dir': '/tmp/out' must be a folder inside the workspace."),
  bad(
    'formats',
    'mojoc, pdf',
    "Input 'formats': expected one of 'mojoc', 'wheel', 'conda', 'source', got 'pdf'."
  ),
  {
    ...bad(
      'formats',
      'source',
      "Input 'bundle': holds the precompiled files, and 'formats' leaves out mojoc"
    ),
    inputs: { formats: 'source', bundle: 'all' }
  },
  bad('format', 'wheel', "Input 'format': expected one of 'auto', 'mojoc', 'mojopkg'"),
  bad('version', 'one', "Input 'version': 'one' is neither a SemVer nor a PEP 440 version"),
  bad('bundle', '../all', "Input 'bundle': '../all' cannot be a file name"),
  bad('bundle', 'a b', "Input 'bundle': 'a b' cannot be a file name"),
  bad('archives', 'no colon here', "Input 'archives': cannot read line 'no colon here'"),
  bad(
    'archives',
    'x.rar: README.md',
    "Input 'archives': archive 'x.rar': the action writes .tar.gz and .zip only"
  ),
  bad('archives', 'docs: README.md\ndocs.zip: LICENSE', "Input 'archives': archive 'docs' is listed twice."),
  bad('archives', '../x: README.md', "Input 'archives': archive name '../x' may hold only letters"),
  bad('archives', 'docs: ../../etc/passwd', "Input 'archives': pattern '../../etc/passwd' of archive 'docs'"),
  bad('archives', 'docs: /etc/passwd', 'is an absolute path'),
  bad(
    'archives',
    'docs: nothing/**',
    "Input 'archives': pattern 'nothing/**' of archive 'docs' matches no file"
  ),
  bad('check-tag', 'maybe', "Input 'check-tag': expected 'true' or 'false', got 'maybe'."),
  bad(
    'check-version-bump',
    'strict',
    "Input 'check-version-bump': expected one of 'error', 'warn', 'off', got 'strict'."
  ),
  bad(
    'changelog',
    'CHANGES.md',
    "Input 'changelog': 'CHANGES.md' does not exist: name the changelog file, relative to the working directory."
  ),
  bad('changelog', '/etc/passwd', "Input 'changelog': '/etc/passwd' must be a file inside the repository"),
  bad('compile-timeout', '0', "Input 'compile-timeout': expected a whole number from 1 to 360, got '0'."),
  bad('compile-timeout', 'ten', "Input 'compile-timeout': expected a whole number from 1 to 360, got 'ten'."),
  bad('verify', 'yes', "Input 'verify': expected 'true' or 'false', got 'yes'."),
  bad('verify-imports', 'data: 1bad', "Input 'verify-imports': '1bad' (for data) is not a Mojo identifier."),
  bad('verify-imports', 'nope: Dataset', "Input 'verify-imports': 'nope' is not a package of this workspace"),
  bad('verify-imports', 'just words', "Input 'verify-imports': cannot read line 'just words'"),
  bad('verify-script', 'tests/missing.mojo', "Input 'verify-script': 'tests/missing.mojo' does not exist"),
  bad('verify-script', 'README.md', "Input 'verify-script': 'README.md' is not a .mojo file"),
  bad(
    'verify-script',
    '../outside.mojo',
    "Input 'verify-script': '../outside.mojo' is outside the workspace"
  ),
  bad(
    'verify-commands',
    'tools: ./run.sh',
    "Input 'verify-commands': 'tools' is not an archive this step builds"
  ),
  bad('verify-commands', 'tools: ./run.sh "unclosed', "Input 'verify-commands': unclosed \""),
  bad('upload', 'sure', "Input 'upload': expected 'true' or 'false', got 'sure'."),
  bad('artifact-name', 'a/b', "Input 'artifact-name': 'a/b' cannot name an artifact"),
  bad('artifact-name', 'a:b', "Input 'artifact-name': 'a:b' cannot name an artifact"),
  bad('artifact-name', '..', "Input 'artifact-name': '..' cannot name an artifact"),
  bad('upload-mode', 'zip', "Input 'upload-mode': expected one of 'archive', 'files'"),
  bad('retention-days', '0', "Input 'retention-days': expected a whole number from 1 to 90, got '0'."),
  bad('retention-days', '91', "Input 'retention-days': expected a whole number from 1 to 90, got '91'."),
  bad('compression-level', '10', "Input 'compression-level': expected a whole number from 0 to 9, got '10'."),
  bad('if-no-files-found', 'panic', "Input 'if-no-files-found': expected one of 'warn', 'error', 'ignore'"),
  bad('overwrite', 'please', "Input 'overwrite': expected 'true' or 'false', got 'please'."),
  {
    group: 'inputs',
    name: 'verify-script with verify: false',
    inputs: { verify: 'false', 'verify-script': 'tests/smoke_data.mojo' },
    message: "Input 'verify-script': is set while verify is false, so it would be ignored"
  },
  {
    group: 'inputs',
    name: 'a tag build whose tag differs from the versions',
    env: { GITHUB_REF: 'refs/tags/v9.9.9' },
    message: /9\.9\.9/
  },

  // Hostile or broken projects.
  {
    group: 'project',
    name: 'mojo.toml that is not TOML',
    files: { 'shared/data/mojo.toml': '[project\nname = ' },
    message: 'shared/data/mojo.toml'
  },
  {
    group: 'project',
    name: 'mojo.toml without a name',
    files: { 'shared/data/mojo.toml': '[project]\nversion = "0.1.0"\n' },
    message: 'shared/data/mojo.toml'
  },
  {
    group: 'project',
    name: 'a version that is not SemVer in mojo.toml',
    files: { 'shared/data/mojo.toml': mojoToml('data', 'first') },
    message: 'shared/data/mojo.toml'
  },
  {
    group: 'project',
    name: 'two packages imported under one name',
    files: { 'more/data/__init__.mojo': '', 'more/data/mojo.toml': mojoToml('more-data') },
    message: "would both be imported as 'data'"
  },
  {
    group: 'project',
    name: 'a dependency cycle',
    files: { 'shared/odyssey_utils/mojo.toml': mojoToml('odyssey-utils', '0.1.0', 'training = "^0.1.0"\n') },
    message: /cycle/
  },
  {
    group: 'project',
    name: 'a dependency range no workspace version satisfies',
    files: { 'shared/training/mojo.toml': mojoToml('training', '0.1.0', 'odyssey-utils = "^2.0.0"\n') },
    message: /\^2\.0\.0/
  },

  // output-dir: nothing the user owns is removed.
  {
    group: 'output-dir',
    name: 'the workspace itself',
    inputs: { 'output-dir': '.' },
    message: "Input 'output-dir'"
  },
  {
    group: 'output-dir',
    name: 'a file',
    inputs: { 'output-dir': 'README.md' },
    message: "Input 'output-dir'"
  },
  {
    group: 'output-dir',
    name: 'a folder of sources',
    inputs: { 'output-dir': 'site' },
    message: "Input 'output-dir'"
  },
  {
    group: 'output-dir',
    name: 'a folder holding packages',
    inputs: { 'output-dir': 'shared' },
    message: "Input 'output-dir'"
  },
  {
    group: 'output-dir',
    name: 'a folder inside a package',
    inputs: { 'output-dir': 'shared/data/out' },
    message: "Input 'output-dir'"
  },
  {
    group: 'output-dir',
    name: 'a folder of user files',
    files: { 'tools/keep.sh': 'echo mine\n' },
    inputs: { 'output-dir': 'tools' },
    message: "Input 'output-dir'"
  },

  // Attacks.
  {
    group: 'attacks',
    name: 'a package folder whose name holds a newline and ::set-output',
    files: {
      'shared/x\n::set-output name=packages::pwned/__init__.mojo': '',
      'shared/x\n::set-output name=packages::pwned/mojo.toml': mojoToml('x')
    },
    message: 'this package folder has a control character (such as a newline) in its path: rename it.'
  },
  {
    group: 'attacks',
    name: 'a package folder whose name holds ::add-mask::',
    files: {
      'shared/y\n::add-mask::secret/__init__.mojo': '',
      'shared/y\n::add-mask::secret/mojo.toml': mojoToml('y')
    },
    message: 'control character'
  },
  {
    group: 'attacks',
    name: 'a packages line with an escape sequence',
    inputs: { packages: 'shared/data\u001b[2J' },
    message: "Input 'packages'"
  },
  {
    group: 'attacks',
    name: 'an archived file whose name holds a newline',
    files: { 'site/a\n::add-mask::x': 'x' },
    inputs: { archives: 'docs: site/**', verify: 'false' },
    message: 'has a control character (such as a newline) in its name',
    early: false
  },
  {
    group: 'attacks',
    name: 'an archive pattern through a symbolic link out of the workspace',
    files: {},
    inputs: { archives: 'docs: site/**', verify: 'false' },
    message: 'outside the workspace',
    early: false
  },

  // Contained: nothing outside the repository is read, and nothing is written there.
  {
    group: 'attacks',
    name: 'a package README linked to the runner environment',
    links: { 'shared/data/README.md': '/proc/self/environ' },
    message: 'shared/data/README.md: the README resolves to'
  },
  {
    group: 'attacks',
    name: 'a mojo-version-file linked out of the repository',
    inputs: { 'mojo-version-file': '.mojo-version' },
    links: { '.mojo-version': '/etc/hostname' },
    message: '.mojo-version: the Mojo version file resolves to'
  },
  {
    group: 'attacks',
    name: 'a changelog linked out of the repository on a tag build',
    links: { 'CHANGELOG.md': '/etc/hostname' },
    env: { GITHUB_REF: 'refs/tags/v0.1.0' },
    message: 'CHANGELOG.md: the changelog resolves to'
  },
  {
    group: 'attacks',
    name: 'a verify-script linked out of the repository',
    inputs: { 'verify-script': 'check.mojo' },
    links: { 'check.mojo': '/etc/hostname' },
    message: 'check.mojo: the verify-script resolves to'
  },
  {
    group: 'attacks',
    name: 'an output-dir under a folder linked out of the repository',
    inputs: { 'output-dir': 'out/dist' },
    links: { out: '/tmp' },
    message: "Input 'output-dir': 'out/dist' resolves to /tmp/dist, outside the repository"
  },
  {
    group: 'attacks',
    name: 'a license that adds a METADATA header',
    files: {
      'shared/data/mojo.toml':
        '[project]\nname = "data"\nversion = "0.1.0"\nlicense = "MIT\\nRequires-Dist: evilpkg==6.6.6"\n'
    },
    message: 'shared/data/mojo.toml: [project].license holds a control character (\\n)'
  },

  // Faults.
  {
    group: 'faults',
    name: 'a version the index does not have',
    inputs: { 'mojo-version': '9.9.9' },
    message: /9\.9\.9/,
    early: false
  },
  {
    group: 'faults',
    name: 'a verify-commands program that does not exist (no hang)',
    inputs: { archives: 'tools: scripts/**', 'verify-commands': 'tools: ./no-such-program' },
    message: "'./no-such-program' was not found",
    early: false
  },
  {
    group: 'faults',
    name: 'a compile error',
    files: { 'shared/data/__init__.mojo': 'fn broken(:\n' },
    message: /Could not compile data/,
    early: false
  }
]

/** Every path under `dir` with its type, mode and content hash. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (rel: string): void => {
    const abs = path.join(dir, rel)
    const stat = fs.lstatSync(abs)
    if (stat.isSymbolicLink()) out[rel] = `link ${fs.readlinkSync(abs)}`
    else if (stat.isDirectory()) {
      out[rel] = `dir ${stat.mode & 0o777}`
      for (const name of fs.readdirSync(abs)) walk(path.join(rel, name))
    } else {
      const hash = crypto.createHash('sha256').update(fs.readFileSync(abs)).digest('hex')
      out[rel] = `file ${stat.mode & 0o777} ${hash}`
    }
  }
  walk('')
  return out
}

/** stdout lines the runner would execute that the action did not write itself. */
function commandsOutsideFences(stdout: string): string[] {
  const found: string[] = []
  let token: string | undefined
  for (const line of stdout.split('\n')) {
    const trimmed = line.trimStart()
    if (token !== undefined) {
      if (trimmed === `::${token}::`) token = undefined
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed)
    if (stop) token = stop[1]
    else if (/^::(set-output|add-mask|set-env|add-path|save-state)/.test(trimmed)) found.push(line)
  }
  return found
}

let index: IndexServer
const counts = new Map<string, number>()
const slowest = { early: 0 }

beforeAll(async () => {
  index = await startIndexServer({ versions: ['1.2.0'] })
})
afterAll(async () => {
  await index.close()
  removeTempDirs()
  const groups = [...counts].map(([group, n]) => `${group} ${n}`).join(', ')
  console.log(
    `catalogue: ${cases.length} cases — ${groups}; slowest early refusal ${(slowest.early / 1000).toFixed(2)} s, 0 index requests`
  )
})

describe('catalogue', () => {
  it('has at least 60 cases, and one for every input in action.yml', () => {
    const yml = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')
    const inputs = [...yml.split('\noutputs:')[0].matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1])
    const covered = new Set(cases.flatMap((c) => Object.keys(c.inputs ?? {})))
    expect([cases.length >= 60, inputs.filter((i) => !covered.has(i))]).toEqual([true, []])
  })

  it.each(cases.map((c) => [`${c.group}: ${c.name}`, c] as const))(
    '%s',
    async (_, c) => {
      counts.set(c.group, (counts.get(c.group) ?? 0) + 1)
      const files = { ...(c.files ?? {}) }
      const workspace = fixtureCopy(
        Object.fromEntries(Object.entries(files).filter(([, v]) => v !== null)) as Record<string, string>
      )
      if (c.name.includes('symbolic link')) fs.symlinkSync('/etc', path.join(workspace, 'site', 'etc'))
      for (const [link, target] of Object.entries(c.links ?? {}))
        fs.symlinkSync(target, path.join(workspace, link))
      const before = snapshot(workspace)
      const requestsBefore = [...index.requests.values()].reduce((a, b) => a + b, 0)
      const run = await runAction({
        workspace,
        inputs: { 'index-url': index.url, cache: 'false', upload: 'false', ...c.inputs },
        env: { GITHUB_REF: 'refs/heads/main', ...c.env },
        post: false
      })
      const main: StepResult = run.main
      const errors = main.annotations
        .filter((a) => a.level === 'error')
        .map((a) => a.message)
        .join('\n')
      const requests = [...index.requests.values()].reduce((a, b) => a + b, 0) - requestsBefore
      if (c.early !== false) slowest.early = Math.max(slowest.early, main.durationMs)
      const after = snapshot(workspace)
      // A late failure may leave nothing, or only its own complete output, in dist/.
      for (const key of Object.keys(after))
        if (key === 'dist' || key.startsWith(`dist${path.sep}`)) delete after[key]
      expect({
        failed: main.code !== 0,
        message: typeof c.message === 'string' ? errors.includes(c.message) : c.message.test(errors),
        unchanged: after,
        indexRequests: c.early === false ? 'late' : requests,
        commands: commandsOutsideFences(main.stdout)
      }).toEqual({
        failed: true,
        message: true,
        unchanged: before,
        indexRequests: c.early === false ? 'late' : 0,
        commands: []
      })
    },
    300_000
  )
})
