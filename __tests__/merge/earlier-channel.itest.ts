/**
 * A channel that keeps its earlier releases: the bundled merge action merges release 0.1.0 into a new
 * channel, a loopback server serves that channel as GitHub Pages would, and the merge of 0.2.0 with
 * `channel-url` keeps 0.1.0's package. The cells are written as the main step writes its output-dir, with
 * a small .conda from the action's own conda writer (no compiler runs). Run `npm run build` first.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { writeChecksums } from '../../src/assemble/checksums.js'
import { writeCondaPackage, type CondaIndex } from '../../src/assemble/conda-package.js'
import { writeManifest } from '../../src/assemble/manifest.js'
import { fileDigest } from '../../src/digest.js'
import { condaChannel, condaIndex, condaInstallFrom, exec, PLATFORM_SUBDIR } from '../support/conda.js'
import { serve, stopServers } from '../support/http-server.js'
import { runMergeAction, type StepResult } from '../support/run-action.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

const MOJO = '1.2.0'

afterEach(stopServers)
afterAll(removeTempDirs)

/** A small .conda in `dir` holding one file of `payload` (no compiler builds it); returns its path. */
function smallConda(dir: string, index: CondaIndex, payload: string): Promise<string> {
  const data = Buffer.from(payload)
  const sha256 = createHash('sha256').update(data).digest('hex')
  const file = { type: 'file' as const, path: `share/${index.name}.txt`, mode: 0o644 as const }
  return writeCondaPackage(
    { index, about: {}, files: [{ ...file, source: { data }, size: data.length, sha256 }] },
    dir,
    0,
    1
  )
}

/** A merge job's workspace with one cell of release `version`: a `mylib` .conda holding `payload`. */
async function job(version: string, payload = `mylib ${version}`): Promise<string> {
  const workspace = tempDir('job')
  const cell = path.join(workspace, 'cells', `mojo-packages-${version}-mojo${MOJO}-linux-x64`)
  fs.mkdirSync(cell, { recursive: true })
  const index: CondaIndex = {
    name: 'mylib',
    version,
    build: `mojo_${MOJO}_0`,
    build_number: 0,
    depends: [`mojo-compiler ==${MOJO}`],
    noarch: 'generic',
    subdir: 'noarch',
    timestamp: 0
  }
  const file = path.basename(await smallConda(cell, index, payload))
  const artifacts = [
    {
      kind: 'conda' as const,
      name: 'mylib',
      import: 'mylib',
      version,
      file,
      mojo: MOJO,
      ...(await fileDigest(path.join(cell, file)))
    }
  ]
  await writeChecksums(cell, artifacts)
  await writeManifest(cell, { mojo: MOJO, version, artifacts })
  fs.writeFileSync(path.join(cell, 'INSTALL.md'), `# mylib ${version}\n`)
  return workspace
}

function merge(workspace: string, channelUrl?: string): Promise<StepResult> {
  return runMergeAction({
    workspace,
    inputs: { path: 'cells', verify: 'false', ...(channelUrl ? { 'channel-url': channelUrl } : {}) }
  })
}

/** Serves the files under `root` as GitHub Pages does; 404 for anything else. Returns the root URL. */
async function pages(root: string): Promise<string> {
  const server = await serve((res, _n, req) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url!, 'http://x').pathname))
    if (!file.startsWith(`${root}${path.sep}`) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200).end(fs.readFileSync(file))
  })
  return new URL('/', server.url).href
}

type Repodata = { 'packages.conda': Record<string, { sha256: string; version: string }> }
const noarch = (workspace: string): Repodata =>
  JSON.parse(fs.readFileSync(path.join(workspace, 'dist', 'channel', 'noarch', 'repodata.json'), 'utf8'))

/** Release 0.1.0 merged into a new channel, the folder Pages would serve. */
async function firstRelease(): Promise<string> {
  const first = await job('0.1.0')
  const merged = await merge(first)
  expect(merged.code).toBe(0)
  return first
}

/** Release 0.1.0 served as Pages would, then 0.2.0 merged with channel-url: made once, for the tests that read it. */
let kept: Promise<{ first: string; second: string; merged: StepResult; url: string }> | undefined
function keptRelease(): Promise<{ first: string; second: string; merged: StepResult; url: string }> {
  kept ??= (async () => {
    const first = await firstRelease()
    const url = (await pages(path.join(first, 'dist', 'channel'))).replace(/\/$/, '')
    const second = await job('0.2.0')
    const merged = await merge(second, url)
    expect(merged.code).toBe(0)
    return { first, second, merged, url }
  })()
  return kept
}

const OLD = 'mylib-0.1.0-mojo_1.2.0_0.conda'

describe('a merge with channel-url', () => {
  it('keeps the served packages this release does not build, with the same record and sha256', async () => {
    const { first, second } = await keptRelease()
    const after = noarch(second)['packages.conda']
    expect(Object.keys(after).sort()).toEqual([OLD, 'mylib-0.2.0-mojo_1.2.0_0.conda'])
    expect(after[OLD]).toEqual(noarch(first)['packages.conda'][OLD])
  })

  it('says in the summary and INSTALL.md how many earlier packages it kept, and from where', async () => {
    const { second, merged, url } = await keptRelease()
    expect(merged.summary).toContain(`The channel keeps 1 package of earlier releases from ${url}`)
    expect(fs.readFileSync(path.join(second, 'dist', 'INSTALL.md'), 'utf8')).toContain(
      `The channel keeps 1 package of earlier releases from ${url}`
    )
  })

  it('lists the kept package in SHA256SUMS and manifest.json, but not in the files it attests', async () => {
    const { second, merged } = await keptRelease()
    const dist = path.join(second, 'dist')
    expect(await exec('sha256sum', ['-c', 'SHA256SUMS'], process.env, dist)).toMatchObject({ code: 0 })
    expect(fs.readFileSync(path.join(dist, 'SHA256SUMS'), 'utf8')).toContain(`channel/noarch/${OLD}`)
    const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'manifest.json'), 'utf8')) as {
      files: Array<{ file: string; kind: string }>
    }
    expect(manifest.files.find((f) => f.file.endsWith(OLD))?.kind).toBe('earlier-conda')
    expect(merged.outputs.files).toContain('mylib-0.2.0-mojo_1.2.0_0.conda')
    expect(merged.outputs.files).not.toContain(OLD)
  })

  it('lets a real conda client (py-rattler) pinned to the earlier version install it from the new channel', async () => {
    const { second } = await keptRelease()
    const compiler = await smallConda(
      tempDir('compiler'),
      {
        name: 'mojo-compiler',
        version: MOJO,
        build: 'release',
        build_number: 0,
        depends: [],
        subdir: PLATFORM_SUBDIR,
        timestamp: 0
      },
      'a stand-in for the compiler'
    )
    const compilers = condaChannel({ platform: [compiler] })
    await condaIndex(compilers)
    const installed = await condaInstallFrom(
      [path.join(second, 'dist', 'channel'), compilers],
      path.join(tempDir('env'), 'prefix'),
      ['mylib==0.1.0']
    )
    expect(installed).toMatchObject({ code: 0, stderr: '' })
    const records = JSON.parse(installed.stdout) as Array<{ name: string; version: string }>
    expect(records.map((r) => [r.name, r.version])).toEqual([
      ['mojo-compiler', MOJO],
      ['mylib', '0.1.0']
    ])
  })

  it('starts a new channel when nothing is served there (HTTP 404), and says so', async () => {
    const url = await pages(tempDir('empty'))
    const second = await job('0.2.0')
    const merged = await merge(second, url)
    expect(merged.code).toBe(0)
    expect(Object.keys(noarch(second)['packages.conda'])).toEqual(['mylib-0.2.0-mojo_1.2.0_0.conda'])
    expect(merged.summary).toContain('No earlier channel at')
  })

  it('fails naming the file when a served package does not match its sha256, and writes nothing', async () => {
    const first = await firstRelease()
    const channel = path.join(first, 'dist', 'channel')
    fs.appendFileSync(path.join(channel, 'noarch', 'mylib-0.1.0-mojo_1.2.0_0.conda'), 'tampered')
    const second = await job('0.2.0')
    const merged = await merge(second, await pages(channel))
    expect(merged.code).toBe(1)
    expect(merged.stdout).toMatch(/::error::.*noarch\/mylib-0\.1\.0-mojo_1\.2\.0_0\.conda.*sha256 mismatch/)
    expect(fs.existsSync(path.join(second, 'dist'))).toBe(false)
  })

  it('refuses a release that builds a published file with other bytes', async () => {
    const first = await firstRelease()
    const again = await job('0.1.0', 'other bytes')
    const merged = await merge(again, await pages(path.join(first, 'dist', 'channel')))
    expect(merged.code).toBe(1)
    expect(merged.stdout).toContain('a published build is never replaced')
  })
})
