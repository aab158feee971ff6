/**
 * The catalogue: bad inputs, hostile workspaces, attacks and faults, one case each, run through the
 * bundle as a runner runs it. Every case asserts the message, that the workspace and a canary folder
 * outside it are unchanged, that no canary text (a secret file outside the workspace, the runner's
 * tokens) is in any artifact (inside archives too), the log or the summary, and (for everything checked
 * before the download) that the index was never asked. A few cases are edges that must still work.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { membersHolding } from '../support/artifact-text.js'
import { startIndexServer, type IndexServer } from '../support/index-server.js'
import { repoRoot, runAction, type StepResult } from '../support/run-action.js'
import { fixtureCopy, fixtureWorkspace, removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

interface Case {
  group:
    | 'inputs'
    | 'project'
    | 'output-dir'
    | 'attacks'
    | 'faults'
    | 'reads'
    | 'writes'
    | 'metadata'
    | 'children'
    | 'waits'
  name: string
  inputs?: Record<string, string>
  /** Files written into the workspace copy before the run (path -> content; null removes). */
  files?: Record<string, string | null>
  env?: Record<string, string>
  /** What the error must say. */
  message: string | RegExp
  /** Cases that fail before the download ask the index nothing. Default true. */
  early?: boolean
  /** Links, special files and leftovers the case needs: `canary` is a folder outside the workspace. */
  setup?: (workspace: string, canary: string) => void
  /** An edge that must work: the step passes, and `message` is in its log. */
  passes?: boolean
  /** The step must end within this many seconds (a hang is a failure too). */
  within?: number
  /** Further checks on the workspace after the run. */
  check?: (workspace: string, main: StepResult) => void
}

const mojoToml = (name: string, version = '0.1.0', deps = ''): string =>
  `[project]\nname = "${name}"\nversion = "${version}"\n\n[dependencies]\n${deps}`

const bad = (input: string, value: string, message: string | RegExp): Case => ({
  group: 'inputs',
  name: `${input}: ${JSON.stringify(value)}`,
  inputs: { [input]: value },
  message
})

/** Text no artifact, log line or summary may hold: in the canary files and in the runner's tokens. */
const CANARY = `canary-${crypto.randomBytes(8).toString('hex')}`
const TOKENS = {
  GITHUB_TOKEN: `ghs_${CANARY}`,
  ACTIONS_RUNTIME_TOKEN: `runtime-${CANARY}`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: `oidc-${CANARY}`
}

/** Stands for the URL of an index whose page links its wheel as a file:// URL (started in beforeAll). */
const FILE_LINK_INDEX = '<file-link-index>'

/** What actions/checkout writes into .git/config with persist-credentials (the default). */
const gitConfig = '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic Q0FOQVJZ\n'

/** data's mojo.toml with one more key under [project]. */
const withKey = (line: string): string =>
  fs
    .readFileSync(path.join(fixtureWorkspace, 'shared', 'data', 'mojo.toml'), 'utf8')
    .replace(/^(license = .*\n)/m, '')
    .replace('[project]\n', `[project]\n${line}\n`)

function mkfifo(file: string): void {
  fs.rmSync(file, { force: true })
  execFileSync('mkfifo', [file])
}

/**
 * `link` (workspace-relative) replaced by a symbolic link to `target`: a file of the canary folder, or
 * an absolute path. The step must refuse it, naming the link.
 */
function linkedOut(
  group: Case['group'],
  name: string,
  link: string,
  target: string,
  more: Partial<Case> = {}
): Case {
  return {
    group,
    name,
    setup: (ws, canary) => {
      const file = path.join(ws, link)
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.rmSync(file, { force: true, recursive: true })
      fs.symlinkSync(path.isAbsolute(target) ? target : path.join(canary, target), file)
    },
    message: /outside the (workspace|repository)/,
    ...more
  }
}

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
  bad('cache', 'sometimes', "Input 'cache': expected one of 'auto', 'true', 'false', 'restore-only'"),
  bad('compile-cache', 'always', "Input 'compile-cache': expected 'true' or 'false', got 'always'."),
  bad('working-directory', 'missing', /Input 'working-directory': .*missing does not exist/),
  bad('working-directory', 'README.md', /Input 'working-directory': .*README\.md is not a folder/),
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
  bad('matrix', '[1, 2]', "Input 'matrix': '[1, 2]' is not a job's matrix as JSON: leave 'matrix' unset"),
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
    setup: (ws) => fs.symlinkSync('/etc', path.join(ws, 'site', 'etc')),
    inputs: { archives: 'docs: site/**', verify: 'false' },
    message: 'outside the workspace',
    early: false
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
  },

  // Reads: every project file resolves inside the workspace; a link that leaves it is refused.
  linkedOut('reads', 'a package README.md linked to a file outside', 'shared/data/README.md', 'secret.txt', {
    early: false
  }),
  linkedOut(
    'reads',
    'a package README.md linked to /proc/self/environ',
    'shared/data/README.md',
    '/proc/self/environ',
    {
      early: false
    }
  ),
  linkedOut('reads', '.mojo-version linked to a file outside', '.mojo-version', 'secret.txt'),
  linkedOut('reads', 'a mojo.toml linked to a file outside', 'shared/data/mojo.toml', 'data.toml'),
  linkedOut('reads', 'pixi.toml linked to a file outside', 'pixi.toml', 'secret.txt'),
  linkedOut('reads', 'a LICENSE linked to a file outside', 'LICENSE', 'secret.txt'),
  linkedOut(
    'reads',
    'CHANGELOG.md linked to a file outside, on a tag build',
    'CHANGELOG.md',
    'CHANGELOG.md',
    {
      env: { GITHUB_REF: 'refs/tags/v0.1.0' }
    }
  ),
  linkedOut('reads', 'a verify-script linked to a file outside', 'tests/outside.mojo', 'secret.mojo', {
    inputs: { 'verify-script': 'tests/outside.mojo' }
  }),
  {
    ...linkedOut(
      'reads',
      'edge: a folder linked outside is not discovered as a package',
      'shared/evil',
      'evil'
    ),
    inputs: { formats: 'source', verify: 'false' },
    passes: true,
    message: 'data-0.1.0-src.tar.gz',
    early: false,
    check: (ws) =>
      expect(fs.readdirSync(path.join(ws, 'dist')).filter((f) => f.startsWith('evil'))).toEqual([])
  },
  linkedOut('reads', 'a .mojo module linked to a file outside', 'shared/data/leak.mojo', 'secret.mojo'),
  linkedOut('reads', 'an archived file linked to a file outside', 'site/secret.html', 'secret.txt', {
    inputs: { archives: 'docs: site/**', verify: 'false' },
    early: false
  }),
  linkedOut('reads', 'a changelog input linked to a file outside', 'NEWS.md', 'CHANGELOG.md', {
    inputs: { changelog: 'NEWS.md' },
    env: { GITHUB_REF: 'refs/tags/v0.1.0' }
  }),
  {
    group: 'reads',
    name: 'a mojo-version-file of /proc/self/environ',
    inputs: { 'mojo-version-file': '/proc/self/environ' },
    message: '/proc/self/environ: the Mojo version file resolves to'
  },
  {
    group: 'reads',
    name: 'a package README.md that is a FIFO (no hang)',
    setup: (ws) => mkfifo(path.join(ws, 'shared', 'data', 'README.md')),
    message: 'shared/data/README.md',
    early: false,
    within: 120
  },
  {
    group: 'reads',
    name: '.mojo-version that is a FIFO (no hang)',
    setup: (ws) => mkfifo(path.join(ws, '.mojo-version')),
    message: '.mojo-version',
    within: 60
  },
  {
    group: 'reads',
    name: 'a license-file inside .git (the checkout token lives in .git/config)',
    files: {
      'shared/data/mojo.toml': withKey('license-file = "../../.git/config"'),
      '.git/config': gitConfig
    },
    message: '.git'
  },
  {
    group: 'reads',
    name: 'a package README.md linked to .git/config inside the workspace',
    files: { '.git/config': gitConfig },
    setup: (ws) => fs.symlinkSync('../../.git/config', path.join(ws, 'shared', 'data', 'README.md')),
    message: '.git',
    early: false
  },
  {
    group: 'reads',
    name: 'an archive of .git',
    files: { '.git/config': gitConfig },
    inputs: { archives: 'repo: .git/**', verify: 'false' },
    message: '.git'
  },
  {
    group: 'reads',
    name: 'edge: a symbolic link loop inside a package is walked once (no hang)',
    setup: (ws) => fs.symlinkSync('.', path.join(ws, 'shared', 'data', 'loop')),
    inputs: { formats: 'source', verify: 'false' },
    passes: true,
    message: 'data-0.1.0-src.tar.gz',
    early: false,
    within: 120
  },
  {
    group: 'reads',
    name: 'edge: a package README.md linked to a file inside the workspace works',
    setup: (ws) => fs.symlinkSync('../../README.md', path.join(ws, 'shared', 'data', 'README.md')),
    inputs: { formats: 'wheel', verify: 'false' },
    passes: true,
    message: 'data-0.1.0-py3-none-any.whl',
    early: false
  },
  {
    group: 'reads',
    name: 'edge: a .mojo module linked to a file inside the workspace is compiled',
    files: { 'vendored/extra.mojo': 'def extra() -> Int:\n    return 7\n' },
    setup: (ws) => fs.symlinkSync('../../vendored/extra.mojo', path.join(ws, 'shared', 'data', 'extra.mojo')),
    inputs: { formats: 'source', verify: 'false' },
    passes: true,
    message: 'data-0.1.0-src.tar.gz',
    early: false,
    check: (ws) => expect(fs.existsSync(path.join(ws, 'dist', 'data-0.1.0-src.tar.gz'))).toBe(true)
  },

  linkedOut(
    'reads',
    "a package's __init__.mojo linked to a file outside",
    'shared/data/__init__.mojo',
    'secret.mojo'
  ),
  linkedOut('reads', 'a packages input naming a folder linked outside', 'vendor/evil', 'evil', {
    inputs: { packages: 'vendor/evil' }
  }),
  linkedOut('reads', 'pixi.lock linked to a file outside', 'pixi.lock', 'secret.txt'),
  linkedOut('reads', 'uv.lock linked to /proc/self/environ', 'uv.lock', '/proc/self/environ'),
  linkedOut(
    'reads',
    'an archive of everything, holding a link to a file outside',
    'notes.txt',
    'secret.txt',
    {
      inputs: { archives: 'everything: **', verify: 'false' },
      early: false
    }
  ),
  {
    group: 'reads',
    name: 'a license-file with an absolute path outside',
    files: { 'shared/data/mojo.toml': withKey('license-file = "/etc/passwd"') },
    message: 'the license-file of shared/data/mojo.toml resolves to /etc/passwd, outside the repository'
  },
  {
    group: 'reads',
    name: 'a license-file climbing out of the workspace',
    files: { 'shared/data/mojo.toml': withKey('license-file = "../../../../../../../../etc/passwd"') },
    message: 'the license-file of shared/data/mojo.toml resolves to /etc/passwd, outside the repository'
  },
  {
    group: 'reads',
    name: 'a verify-script of /proc/self/environ',
    inputs: { 'verify-script': '/proc/self/environ' },
    message: "Input 'verify-script'"
  },
  {
    group: 'reads',
    name: 'a changelog input inside .git, on a tag build',
    files: { '.git/config': gitConfig },
    inputs: { changelog: '.git/config' },
    env: { GITHUB_REF: 'refs/tags/v0.1.0' },
    message: '.git'
  },
  {
    group: 'reads',
    name: 'a mojo-version-file inside .git',
    files: { '.git/HEAD': '1.2.0\n' },
    inputs: { 'mojo-version-file': '.git/HEAD' },
    message: '.git'
  },
  {
    group: 'attacks',
    name: 'a .mojo module whose name holds a newline',
    files: { 'shared/data/x\n::add-mask::y.mojo': 'def y() -> Int:\n    return 1\n' },
    message: 'control character'
  },
  {
    group: 'attacks',
    name: 'an output-dir holding a newline and a workflow command',
    inputs: { 'output-dir': 'dist\n::set-output name=x::y' },
    message: "Input 'output-dir'"
  },
  {
    group: 'waits',
    name: 'an index URL with a password, unreachable (the password is never printed)',
    inputs: { 'index-url': `http://mirror:${CANARY}@127.0.0.1:9/simple/` },
    message: '127.0.0.1:9',
    early: false,
    within: 200
  },

  // Writes: output-dir and working-directory resolve inside the workspace; leftovers are cleaned.
  {
    group: 'writes',
    name: 'an output-dir through a link to a folder outside',
    setup: (ws, canary) => fs.symlinkSync(canary, path.join(ws, 'out')),
    inputs: { 'output-dir': 'out/dist' },
    message: "Input 'output-dir'"
  },
  {
    group: 'writes',
    name: 'an output-dir that is a link to a folder outside',
    setup: (ws, canary) => fs.symlinkSync(canary, path.join(ws, 'outlink')),
    inputs: { 'output-dir': 'outlink' },
    message: "Input 'output-dir'"
  },
  {
    group: 'writes',
    name: 'a working-directory of ../..',
    inputs: { 'working-directory': '../..' },
    message: "Input 'working-directory'"
  },
  {
    group: 'writes',
    name: 'a working-directory through a link to a folder outside',
    setup: (ws, canary) => fs.symlinkSync(canary, path.join(ws, 'elsewhere')),
    inputs: { 'working-directory': 'elsewhere' },
    message: "Input 'working-directory'"
  },
  {
    group: 'writes',
    name: 'an absolute working-directory outside',
    inputs: { 'working-directory': '/tmp' },
    message: "Input 'working-directory'"
  },
  {
    group: 'writes',
    name: "edge: a killed run's .dist.old-* and .dist.new-* are removed and never archived",
    setup: (ws) => {
      for (const name of ['.dist.old-0badc0de', '.dist.new-0badc0de'])
        writeFiles(ws, { [`${name}/stale.mojoc`]: 'stale' })
    },
    inputs: { formats: 'mojoc', archives: 'everything: **', verify: 'false' },
    passes: true,
    message: 'everything-0.1.0.tar.gz',
    early: false,
    check: (ws) => {
      expect(fs.readdirSync(ws).filter((n) => n.startsWith('.dist.'))).toEqual([])
      const listing = execFileSync('tar', ['-tzf', path.join(ws, 'dist', 'everything-0.1.0.tar.gz')], {
        encoding: 'utf8'
      })
      expect(listing).not.toMatch(/\.dist\.|stale\.mojoc/)
    }
  },

  {
    group: 'writes',
    name: 'edge: an archived file named with a right-to-left override is shown by its code',
    files: { 'site/invoice\u202egpj.html': 'x' },
    inputs: { archives: 'docs: site/**', verify: 'false', formats: 'mojoc' },
    passes: true,
    message: 'docs-0.1.0.tar.gz',
    early: false,
    check: (_, main) => {
      expect(main.summary).not.toContain('\u202e')
      expect(main.summary).toContain('invoice[U+202E]gpj.html')
    }
  },

  // Metadata: text that becomes a header, a JSON field or a file name is validated when read.
  {
    group: 'metadata',
    name: 'a license holding a newline and a header (Requires-Dist injection)',
    files: { 'shared/data/mojo.toml': withKey('license = "MIT\\nRequires-Dist: evilpkg==6.6.6"') },
    message: 'shared/data/mojo.toml'
  },
  {
    group: 'metadata',
    name: 'a description holding a lone carriage return',
    files: { 'shared/data/mojo.toml': withKey('description = "Data\\rRequires-Dist: evilpkg"') },
    message: 'shared/data/mojo.toml'
  },
  {
    group: 'metadata',
    name: 'a license that is not an SPDX expression',
    files: { 'shared/data/mojo.toml': withKey('license = "MIT licence, see file"') },
    message: 'SPDX'
  },
  {
    group: 'metadata',
    name: 'an author holding an escape sequence',
    files: { 'shared/data/mojo.toml': withKey('authors = ["Eve \\u001b[2J <eve@example.org>"]') },
    message: 'shared/data/mojo.toml'
  },
  {
    group: 'metadata',
    name: 'a pixi.toml license holding a newline',
    files: {
      'pixi.toml': fs
        .readFileSync(path.join(fixtureWorkspace, 'pixi.toml'), 'utf8')
        .replace('license = "MIT"', 'license = "MIT\\nRequires-Dist: evilpkg"')
    },
    message: 'pixi.toml'
  },

  // Children: no token reaches a child; a time limit ends the whole process group.
  {
    group: 'children',
    name: 'a verify-commands command that prints its environment (no token in it)',
    inputs: { archives: 'tools: scripts/**', 'verify-commands': "tools: sh -c 'env; exit 1'" },
    message: 'exit code 1',
    early: false
  },
  {
    group: 'children',
    name: 'a verify-commands command that leaves a background child (no hang)',
    inputs: { archives: 'tools: scripts/**', 'verify-commands': "tools: sh -c 'sleep 300 & exit 3'" },
    message: 'exit code 3',
    early: false,
    within: 150
  },

  // Waits: an index may not lead the action to local files.
  {
    group: 'waits',
    name: 'an index page that lists a file:// URL',
    inputs: { 'index-url': FILE_LINK_INDEX },
    message: 'file://',
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
    } else if (stat.isFile()) {
      const hash = crypto.createHash('sha256').update(fs.readFileSync(abs)).digest('hex')
      out[rel] = `file ${stat.mode & 0o777} ${hash}`
    } else out[rel] = `special ${stat.mode}` // a FIFO: reading it would block
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
let fileLinkIndex: http.Server
let fileLinkUrl = ''
const counts = new Map<string, number>()
const slowest = { early: 0 }

/** A folder outside the workspace holding secrets in the shapes a case links to. */
function canaryFolder(): string {
  return writeFiles(tempDir('canary'), {
    'secret.txt': `${CANARY}\n`,
    'secret.mojo': `def main():\n    print("${CANARY}")\n`,
    'data.toml': `[project]\nname = "data"\nversion = "0.1.0"\ndescription = "${CANARY}"\n`,
    'CHANGELOG.md': `# Changelog\n\n## [0.1.0]\n\n- ${CANARY}\n`,
    'evil/__init__.mojo': `comptime SECRET = "${CANARY}"\n`,
    'evil/mojo.toml': `[project]\nname = "evil"\nversion = "0.1.0"\ndescription = "${CANARY}"\n`
  })
}

beforeAll(async () => {
  index = await startIndexServer({ versions: ['1.2.0'] })
  // A PEP 691 page whose only file is a local path: the action must not open it.
  fileLinkIndex = http.createServer((_, res) => {
    res.setHeader('content-type', 'application/vnd.pypi.simple.v1+json')
    const url = `file://${path.join(repoRoot, 'package.json')}`
    const file = {
      filename: 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl',
      url,
      hashes: { sha256: '0'.repeat(64) }
    }
    res.end(
      JSON.stringify({
        meta: { 'api-version': '1.1' },
        name: 'mojo-compiler',
        versions: ['1.2.0'],
        files: [file]
      })
    )
  })
  await new Promise<void>((resolve) => fileLinkIndex.listen(0, '127.0.0.1', resolve))
  fileLinkUrl = `http://127.0.0.1:${(fileLinkIndex.address() as AddressInfo).port}/simple/`
})
afterAll(async () => {
  await index.close()
  await new Promise((resolve) => fileLinkIndex.close(resolve))
  removeTempDirs()
  const groups = [...counts].map(([group, n]) => `${group} ${n}`).join(', ')
  console.log(
    `catalogue: ${cases.length} cases — ${groups}; slowest early refusal ${(slowest.early / 1000).toFixed(2)} s, 0 index requests`
  )
})

/** Workspace entries a run may change: its output, and leftovers of a killed run it cleans up. */
const ownedByRuns = (key: string): boolean =>
  key === 'dist' || key.startsWith(`dist${path.sep}`) || key.startsWith('.dist.')

describe('catalogue', () => {
  it('has at least 110 cases, and one for every input in action.yml', () => {
    const yml = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')
    const inputs = [...yml.split('\noutputs:')[0].matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1])
    const covered = new Set(cases.flatMap((c) => Object.keys(c.inputs ?? {})))
    expect([cases.length >= 110, inputs.filter((i) => !covered.has(i))]).toEqual([true, []])
  })

  it.each(cases.map((c) => [`${c.group}: ${c.name}`, c] as const))(
    '%s',
    async (_, c) => {
      counts.set(c.group, (counts.get(c.group) ?? 0) + 1)
      const files = { ...(c.files ?? {}) }
      const workspace = fixtureCopy(
        Object.fromEntries(Object.entries(files).filter(([, v]) => v !== null)) as Record<string, string>
      )
      const canary = canaryFolder()
      c.setup?.(workspace, canary)
      const before = snapshot(workspace)
      const canaryBefore = snapshot(canary)
      const requestsBefore = [...index.requests.values()].reduce((a, b) => a + b, 0)
      const inputs = Object.fromEntries(
        Object.entries(c.inputs ?? {}).map(([k, v]) => [k, v === FILE_LINK_INDEX ? fileLinkUrl : v])
      )
      const run = await runAction({
        workspace,
        inputs: { 'index-url': index.url, cache: 'false', upload: 'false', ...inputs },
        env: { GITHUB_REF: 'refs/heads/main', ...TOKENS, ...c.env },
        post: false
      })
      const main: StepResult = run.main
      const errors = main.annotations
        .filter((a) => a.level === 'error')
        .map((a) => a.message)
        .join('\n')
      const shown = c.passes ? main.stdout : errors
      const requests = [...index.requests.values()].reduce((a, b) => a + b, 0) - requestsBefore
      if (c.early !== false) slowest.early = Math.max(slowest.early, main.durationMs)
      const after = snapshot(workspace)
      // A run may leave its own complete output in dist/, and removes a killed run's leftovers.
      for (const snap of [before, after])
        for (const key of Object.keys(snap)) if (ownedByRuns(key)) delete snap[key]
      const leaked = [
        ...(await membersHolding(path.join(workspace, 'dist'), CANARY)),
        ...(main.stdout.includes(CANARY) ? ['the log'] : []),
        ...(main.summary.includes(CANARY) ? ['the job summary'] : []),
        ...Object.entries(main.outputs)
          .filter(([, v]) => v.includes(CANARY))
          .map(([k]) => `output ${k}`)
      ]
      expect({
        failed: main.code !== 0,
        message: typeof c.message === 'string' ? shown.includes(c.message) : c.message.test(shown),
        unchanged: after,
        canary: snapshot(canary),
        leaked,
        inTime: main.durationMs <= (c.within ?? 600) * 1000,
        indexRequests: c.early === false || c.passes ? 'late' : requests,
        commands: commandsOutsideFences(main.stdout)
      }).toEqual({
        failed: !c.passes,
        message: true,
        unchanged: before,
        canary: canaryBefore,
        leaked: [],
        inTime: true,
        indexRequests: c.early === false || c.passes ? 'late' : 0,
        commands: []
      })
      c.check?.(workspace, main)
    },
    300_000
  )
})
