/**
 * Publishing through the bundled action (dist/index.js as a process, the real @actions/artifact inside)
 * against protocol-level fakes of GitHub's artifact service with blobs in Azurite, on copies of the
 * fixture workspace built with Mojo 1.2.0 from a local index. Run `npm run build` first.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { startIndexServer, type IndexServer } from '../support/index-server.js'
import { runAction, runnerDirs, type ActionRun, type RunnerDirs } from '../support/run-action.js'
import { ARTIFACT_CONTAINER, type StoredArtifact } from '../support/fakes/artifact-service.js'
import { startAzurite, type Azurite } from '../support/fakes/azurite.js'
import { startResultsService, type ResultsService } from '../support/fakes/results.js'
import { newRunIds, type RunIds } from '../support/fakes/token.js'
import { fixtureCopy, removeTempDirs, tempDir } from '../support/temp.js'
import { runnerPlatform } from '../../src/publish/upload.js'

/** GITHUB_RUN_ID of every run here: not run-action's default, so URLs prove they read it. */
const RUN_NUMBER = '4242'
let azurite: Azurite
let results: ResultsService
let index: IndexServer
/** One tool cache for the file: the first run installs Mojo, later runs find it there. */
let dirs: RunnerDirs

const sha256 = (data: Buffer): string => crypto.createHash('sha256').update(data).digest('hex')

/** sha256 of every file in a folder, by name. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, sha256(fs.readFileSync(path.join(dir, name)))])
  )
}

/** Runs the main step as a job of the workflow run `ids.runId`. */
async function action(
  ws: string,
  inputs: Record<string, string>,
  ids: RunIds,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    dirs,
    post: false,
    inputs: { 'index-url': index.url, cache: 'false', verify: 'false', ...inputs },
    env: { SOURCE_DATE_EPOCH: '1767225600', ...results.runnerEnv(ids, RUN_NUMBER), ...env }
  })
}

/** Another job of the same workflow run (as in a matrix). */
const sameRun = (ids: RunIds): RunIds => ({ runId: ids.runId, jobId: crypto.randomUUID() })

const errors = (run: ActionRun): string =>
  run.main.annotations
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n')

const stored = (id: string | number): StoredArtifact | undefined =>
  results.artifacts.artifacts.find((a) => a.id === Number(id))

/** Downloads an artifact with @actions/artifact in this process, as a job of the run `ids.runId`. */
async function download(ids: RunIds, id: number): Promise<string> {
  const target = tempDir('download')
  const saved = { ...process.env }
  Object.assign(process.env, results.runnerEnv(sameRun(ids), RUN_NUMBER))
  // @actions/core logs to stdout: keep the client's debug lines out of the test output.
  const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  try {
    await new DefaultArtifactClient().downloadArtifact(id, { path: target })
  } finally {
    quiet.mockRestore()
    process.env = saved
  }
  return target
}

/** What each upload call for the run answered, in order. */
const statuses = (method: string, ids: RunIds): number[] =>
  results
    .callsTo(method)
    .filter((c) => c.body.workflow_run_backend_id === ids.runId)
    .map((c) => c.status)

beforeAll(async () => {
  azurite = await startAzurite()
  results = await startResultsService(azurite)
  index = await startIndexServer({ versions: ['1.2.0'] })
  dirs = runnerDirs()
})

afterAll(async () => {
  await results.close()
  await azurite.stop()
  await index.close()
  fs.rmSync(dirs.home, { recursive: true, force: true })
  removeTempDirs()
})

afterEach(() => results.clearFaults())

describe('upload-mode archive (the default)', () => {
  const ids = newRunIds()
  let ws: string
  let run: ActionRun
  let artifact: StoredArtifact
  beforeAll(async () => {
    ws = fixtureCopy()
    run = await action(ws, { 'retention-days': '5' }, ids)
    artifact = stored(run.main.outputs['artifact-id']) as StoredArtifact
  })

  it('uploads one finalized artifact named mojo-packages-<version>', () => {
    expect(errors(run)).toBe('')
    expect(run.main.code).toBe(0)
    expect(results.artifacts.live(ids.runId).map((a) => [a.name, a.id])).toEqual([
      ['mojo-packages-0.1.0', Number(run.main.outputs['artifact-id'])]
    ])
  })

  it('outputs the artifact page URL of the repository and run', () => {
    expect(run.main.outputs['artifact-url']).toBe(
      `https://github.com/octo/ml-odyssey/actions/runs/${RUN_NUMBER}/artifacts/${artifact.id}`
    )
  })

  it('outputs the sha256 of the blob the service received as artifact-digest', async () => {
    const blob = await azurite.readBlob(ARTIFACT_CONTAINER, artifact.blob)
    expect(run.main.outputs['artifact-digest']).toBe(sha256(blob?.body ?? Buffer.alloc(0)))
    expect(artifact.digest).toBe(`sha256:${run.main.outputs['artifact-digest']}`)
  })

  it('lists the one artifact in the artifacts output', () => {
    expect(JSON.parse(run.main.outputs.artifacts)).toEqual([
      {
        name: 'mojo-packages-0.1.0',
        id: artifact.id,
        url: run.main.outputs['artifact-url'],
        digest: run.main.outputs['artifact-digest']
      }
    ])
  })

  it('asks for a zip that expires retention-days after its upload', () => {
    const days = ((artifact.expiresAt?.getTime() ?? 0) - artifact.createdAt.getTime()) / 86_400_000
    expect(artifact.mimeType).toBe('application/zip')
    expect(days).toBeGreaterThan(4.99)
    expect(days).toBeLessThanOrEqual(5)
  })

  it('downloads back to the bytes of every file in dist/', async () => {
    const target = await download(ids, artifact.id)
    expect(snapshot(target)).toEqual(snapshot(path.join(ws, 'dist')))
  })
})

describe('upload-mode files', () => {
  const ids = newRunIds()
  let ws: string
  let run: ActionRun
  let listed: Array<{ name: string; id: number; url: string; digest: string }>
  beforeAll(async () => {
    ws = fixtureCopy()
    run = await action(ws, { 'upload-mode': 'files' }, ids)
    listed = JSON.parse(run.main.outputs.artifacts ?? '[]')
  })

  it('uploads one artifact per file in dist/, named after the file, all in the artifacts output', () => {
    expect(run.main.code).toBe(0)
    expect(listed.map((a) => a.name)).toEqual(fs.readdirSync(path.join(ws, 'dist')).sort())
    expect(
      results.artifacts
        .live(ids.runId)
        .map((a) => a.name)
        .sort()
    ).toEqual(listed.map((a) => a.name))
    expect(listed.map((a) => a.url)).toEqual(
      listed.map((a) => `https://github.com/octo/ml-odyssey/actions/runs/${RUN_NUMBER}/artifacts/${a.id}`)
    )
  })

  it('sets no single artifact-id, artifact-url or artifact-digest', () => {
    expect(run.main.outputs).not.toHaveProperty('artifact-id')
    expect(run.main.outputs).not.toHaveProperty('artifact-url')
    expect(run.main.outputs).not.toHaveProperty('artifact-digest')
  })

  it('sends no expiry without retention-days (the repository default applies)', () => {
    expect(listed.map((a) => stored(a.id)?.expiresAt)).toEqual(listed.map(() => undefined))
  })

  it('downloads each artifact as its file, unzipped, byte for byte', async () => {
    const dist = snapshot(path.join(ws, 'dist'))
    const downloaded: Record<string, string> = {}
    for (const artifact of listed) Object.assign(downloaded, snapshot(await download(ids, artifact.id)))
    expect(downloaded).toEqual(dist)
    expect(listed.map((a) => a.digest)).toEqual(listed.map((a) => dist[a.name]))
  })
})

describe('artifact names within one workflow run', () => {
  const ids = newRunIds()
  let ws: string
  let first: ActionRun
  let firstDist: Record<string, string>
  beforeAll(async () => {
    ws = fixtureCopy()
    first = await action(ws, { 'artifact-name': 'mojo-linux-x64' }, ids)
    firstDist = snapshot(path.join(ws, 'dist'))
  })

  it('uses artifact-name', () => {
    expect(first.main.code).toBe(0)
    expect(stored(first.main.outputs['artifact-id'])?.name).toBe('mojo-linux-x64')
    expect(JSON.parse(first.main.outputs.artifacts).map((a: { name: string }) => a.name)).toEqual([
      'mojo-linux-x64'
    ])
  })

  it('fails a second job uploading the same name, pointing at overwrite, and keeps dist/', async () => {
    const again = await action(ws, { 'artifact-name': 'mojo-linux-x64' }, sameRun(ids))
    expect(again.main.code).not.toBe(0)
    expect(errors(again)).toMatch(/'mojo-linux-x64' already exists in this workflow run.*'overwrite: true'/)
    expect(again.main.outputs).not.toHaveProperty('artifact-id')
    expect(snapshot(path.join(ws, 'dist'))).toEqual(firstDist)
    expect(results.artifacts.live(ids.runId).map((a) => String(a.id))).toEqual([
      first.main.outputs['artifact-id']
    ])
  })

  it('replaces the earlier artifact with overwrite: true', async () => {
    const replaced = await action(ws, { 'artifact-name': 'mojo-linux-x64', overwrite: 'true' }, sameRun(ids))
    expect(errors(replaced)).toBe('')
    expect(replaced.main.code).toBe(0)
    expect(replaced.main.outputs['artifact-id']).not.toBe(first.main.outputs['artifact-id'])
    expect(results.artifacts.live(ids.runId).map((a) => String(a.id))).toEqual([
      replaced.main.outputs['artifact-id']
    ])
  })
})

describe('in a matrix job', () => {
  it('names the artifact after the version, the compiler and the runner platform', async () => {
    const ids = newRunIds()
    // What the runner passes for action.yml's `matrix` default, ${{ toJSON(matrix) }}, in a matrix job.
    const run = await action(fixtureCopy(), { matrix: '{\n  "mojo": "1.2.0"\n}' }, ids)
    expect(errors(run)).toBe('')
    expect(results.artifacts.live(ids.runId).map((a) => a.name)).toEqual([
      `mojo-packages-0.1.0-mojo1.2.0-${runnerPlatform()}`
    ])
  })
})

describe('artifact service faults', () => {
  it('retries a 503 of CreateArtifact and succeeds', async () => {
    const ids = newRunIds()
    results.inject('CreateArtifact', { status: 503 })
    const run = await action(fixtureCopy(), {}, ids)
    expect(run.main.code).toBe(0)
    expect(statuses('CreateArtifact', ids)).toEqual([503, 200])
    expect(results.artifacts.live(ids.runId).map((a) => String(a.id))).toEqual([
      run.main.outputs['artifact-id']
    ])
  })

  it('fails the step on a FinalizeArtifact that keeps answering 503, and keeps dist/', async () => {
    const ids = newRunIds()
    const ws = fixtureCopy()
    results.inject('FinalizeArtifact', { status: 503, times: Infinity })
    const run = await action(ws, {}, ids)
    expect(run.main.code).not.toBe(0)
    expect(errors(run)).toMatch(
      /^Uploading artifact 'mojo-packages-0\.1\.0' failed: .*FinalizeArtifact.*503.*The built files are still in .*dist\. \(Mojo 1\.2\.0, from pixi\.toml \[dependencies\] mojo = "==1\.2\.0"\)$/s
    )
    expect(statuses('FinalizeArtifact', ids).every((status) => status === 503)).toBe(true)
    expect(results.artifacts.live(ids.runId)).toEqual([])
    const sums = Object.fromEntries(
      fs
        .readFileSync(path.join(ws, 'dist', 'SHA256SUMS'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).reverse())
    )
    const dist = snapshot(path.join(ws, 'dist'))
    expect(Object.keys(dist)).toEqual(
      ['INSTALL.md', 'SHA256SUMS', ...Object.keys(sums), 'manifest.json'].sort()
    )
    expect(Object.fromEntries(Object.keys(sums).map((file) => [file, dist[file]]))).toEqual(sums)
    // What was built is still reported.
    expect(run.main.summary).toContain('| <code>data</code> | ✅ built | ✅ built | ✅ built |')
  })
})

describe('an artifact that fails verification', () => {
  const ids = newRunIds()
  let run: ActionRun
  beforeAll(async () => {
    run = await action(fixtureCopy(), { verify: 'true', 'verify-imports': 'data: DataLoader' }, ids)
  })

  it('fails the step after uploading the built files', () => {
    expect(run.main.code).not.toBe(0)
    expect(run.main.outputs.verified).toBe('false')
    expect(errors(run)).toMatch(/did not install and work.*DataLoader/s)
    expect(results.artifacts.live(ids.runId).map((a) => [a.name, String(a.id), a.finalized])).toEqual([
      ['mojo-packages-0.1.0', run.main.outputs['artifact-id'], true]
    ])
  })

  it('links the uploaded artifact in the job summary', () => {
    const url = `https://github.com/octo/ml-odyssey/actions/runs/${RUN_NUMBER}/artifacts/${run.main.outputs['artifact-id']}`
    expect(run.main.summary).toContain(`Uploaded: <a href="${url}">mojo-packages-0.1.0</a>`)
  })
})

describe('GitHub Enterprise Server', () => {
  it('fails the upload pointing at upload: false, and keeps dist/', async () => {
    const ws = fixtureCopy()
    const run = await action(ws, {}, newRunIds(), { GITHUB_SERVER_URL: 'https://github.example.com' })
    expect(run.main.code).not.toBe(0)
    expect(errors(run)).toMatch(/GitHub Enterprise Server.*'upload: false'/)
    expect(fs.existsSync(path.join(ws, 'dist', 'SHA256SUMS'))).toBe(true)
  })
})
