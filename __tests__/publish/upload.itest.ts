/**
 * uploadArtifacts against protocol-level fakes of GitHub's artifact service, with blobs in Azurite:
 * the real @actions/artifact does the uploading, and its download API reads the results back.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach, jest } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { PublishError } from '../../src/errors.js'
import { loadInputs, type Inputs } from '../../src/inputs/inputs.js'
import { runnerPlatform, uploadArtifacts, type UploadResult } from '../../src/publish/upload.js'
import { startAzurite, type Azurite } from '../support/fakes/azurite.js'
import { ARTIFACT_CONTAINER } from '../support/fakes/artifact-service.js'
import { startResultsService, type ResultsService } from '../support/fakes/results.js'
import { newRunIds, type RunIds } from '../support/fakes/token.js'

const VERSION = '0.1.0'
const MOJO = '1.2.0'
let azurite: Azurite
let results: ResultsService
let workspace: string
let outputDir: string
let files: string[]
let stdout: string[] = []
const savedEnv = { ...process.env }

const sha256 = (data: Buffer): string => crypto.createHash('sha256').update(data).digest('hex')
const snapshot = (): Record<string, string> =>
  Object.fromEntries(files.map((f) => [path.relative(outputDir, f), sha256(fs.readFileSync(f))]))

function inputs(values: Record<string, string> = {}): Inputs {
  return loadInputs((name) => values[name] ?? '', { GITHUB_WORKSPACE: workspace })
}

/** Enters a job (by default a fresh job of a fresh run, so names never clash unless meant to). */
function newJob(ids: RunIds = newRunIds()): RunIds {
  Object.assign(process.env, results.runnerEnv(ids))
  return ids
}

function upload(values: Record<string, string> = {}): Promise<UploadResult[]> {
  return uploadArtifacts({ outputDir: 'dist', files, inputs: inputs(values), version: VERSION, mojo: MOJO })
}

async function download(id: number): Promise<string> {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-download-'))
  await new DefaultArtifactClient().downloadArtifact(id, { path: target })
  return target
}

beforeAll(async () => {
  azurite = await startAzurite()
  results = await startResultsService(azurite)
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-ws-'))
  outputDir = path.join(workspace, 'dist')
  fs.mkdirSync(outputDir)
  const contents: Record<string, Buffer> = {
    'data-0.1.0.mojoc': crypto.randomBytes(200_000),
    'odyssey_utils-0.1.0.mojoc': crypto.randomBytes(50_000),
    'benchmarks-0.1.0.tar.gz': crypto.randomBytes(30_000),
    SHA256SUMS: Buffer.from('abc  data-0.1.0.mojoc\n'),
    'manifest.json': Buffer.from('{"packages":[]}\n')
  }
  files = Object.entries(contents).map(([name, body]) => {
    fs.writeFileSync(path.join(outputDir, name), body)
    return path.join(outputDir, name)
  })
})

afterAll(async () => {
  await results.close()
  await azurite.stop()
  fs.rmSync(workspace, { recursive: true, force: true })
})

// @actions/core writes annotations and debug lines to stdout: capture them instead of printing.
beforeAll(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})
afterEach(() => {
  results.clearFaults()
  azurite.proxy.clearFaults()
  stdout = []
  process.env = { ...savedEnv }
})

describe('upload-mode archive', () => {
  let uploaded: UploadResult[]
  let job: RunIds
  beforeAll(async () => {
    job = newJob()
    uploaded = await upload({ 'retention-days': '5', 'compression-level': '9' })
  })

  it('uploads one artifact named mojo-packages-<version> holding every file', () => {
    expect(uploaded.map((u) => [u.name, u.files.sort()])).toEqual([
      ['mojo-packages-0.1.0', files.map((f) => path.basename(f)).sort()]
    ])
  })

  it('reports the artifact id, its run page URL and the digest of the uploaded zip', async () => {
    const [{ id, url, digest }] = uploaded
    const stored = results.artifacts.artifacts.find((a) => a.id === id)!
    const blob = await azurite.readBlob(ARTIFACT_CONTAINER, stored.blob)
    expect(url).toBe(`https://github.com/octo/ml-odyssey/actions/runs/1001/artifacts/${id}`)
    expect(digest).toBe(sha256(blob!.body))
    expect(stored.digest).toBe(`sha256:${digest}`)
  })

  it('asks the service for a zip artifact of version 4+ that expires after retention-days', () => {
    const [create] = results.callsTo('CreateArtifact').filter((c) => c.body.name === 'mojo-packages-0.1.0')
    const days = (new Date(String(create.body.expires_at)).getTime() - Date.now()) / 86_400_000
    expect(create.body.mime_type).toBe('application/zip')
    expect(Number(create.body.version)).toBeGreaterThanOrEqual(4)
    expect(days).toBeGreaterThan(4.9)
    expect(days).toBeLessThanOrEqual(5)
  })

  it('downloads back to the same bytes as the output directory', async () => {
    newJob(job)
    const target = await download(uploaded[0].id)
    const downloaded = Object.fromEntries(
      fs.readdirSync(target).map((f) => [f, sha256(fs.readFileSync(path.join(target, f)))])
    )
    expect(downloaded).toEqual(snapshot())
  })
})

describe('upload-mode files', () => {
  let uploaded: UploadResult[]
  let job: RunIds
  beforeAll(async () => {
    job = newJob()
    uploaded = await upload({ 'upload-mode': 'files' })
  })

  it('uploads every file as its own artifact named after the file', () => {
    expect(uploaded.map((u) => [u.name, u.files])).toEqual(
      files.map((f) => [path.basename(f), [path.basename(f)]])
    )
  })

  it('stores each file as-is, not zipped, with the file as its digest', async () => {
    for (const result of uploaded) {
      const stored = results.artifacts.artifacts.find((a) => a.id === result.id)!
      const blob = await azurite.readBlob(ARTIFACT_CONTAINER, stored.blob)
      const source = fs.readFileSync(path.join(outputDir, result.name))
      expect([result.name, blob!.body.equals(source), result.digest]).toEqual([
        result.name,
        true,
        sha256(source)
      ])
    }
  })

  it('sends no expiry when retention-days is empty (the repository default applies)', () => {
    const creates = results.callsTo('CreateArtifact').filter((c) => c.body.name === 'data-0.1.0.mojoc')
    expect(creates.map((c) => c.body.expires_at)).toEqual([undefined])
  })

  it('downloads a file back under its own name with the same bytes', async () => {
    const data = uploaded.find((u) => u.name === 'data-0.1.0.mojoc')!
    newJob(job)
    const target = await download(data.id)
    expect(fs.readdirSync(target)).toEqual(['data-0.1.0.mojoc'])
    expect(sha256(fs.readFileSync(path.join(target, 'data-0.1.0.mojoc')))).toBe(
      snapshot()['data-0.1.0.mojoc']
    )
  })
})

describe('names', () => {
  it('uses artifact-name when given', async () => {
    newJob()
    const [result] = await upload({ 'artifact-name': 'mojo-linux-x64' })
    expect(result.name).toBe('mojo-linux-x64')
  })

  it('gives two matrix cells of one run, one per compiler, two artifacts', async () => {
    const job = newJob()
    const matrix = inputs({ matrix: '{"mojo": "x"}' })
    const cell = (mojo: string) =>
      uploadArtifacts({ outputDir: 'dist', files, inputs: matrix, version: VERSION, mojo })
    await cell('1.1.0')
    await cell('1.2.0')
    const platform = runnerPlatform()
    expect(
      results.artifacts
        .live(job.runId)
        .map((a) => a.name)
        .sort()
    ).toEqual([`mojo-packages-0.1.0-mojo1.1.0-${platform}`, `mojo-packages-0.1.0-mojo1.2.0-${platform}`])
  })

  it('leaves out, with a warning, a matrix cell that built what another cell uploaded', async () => {
    const job = newJob()
    const matrix = { matrix: '{"mojo": "x"}' }
    const [first] = await upload(matrix)
    expect(await upload(matrix)).toEqual([])
    expect(results.artifacts.live(job.runId).map((a) => a.id)).toEqual([first.id])
    expect(stdout.join('')).toMatch(
      /^::warning::Another cell of this matrix already uploaded 'mojo-packages-0\.1\.0-mojo1\.2\.0-/m
    )
  })

  it('fails on a name already used in the run, naming the overwrite and artifact-name inputs', async () => {
    newJob()
    await upload()
    const error = await upload().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PublishError)
    expect((error as Error).message).toMatch(
      /'mojo-packages-0\.1\.0' already exists.*'artifact-name'.*matrix.*'overwrite: true'/
    )
  })

  it('in files mode, points a clashing name at upload-mode archive and overwrite', async () => {
    newJob()
    const one = { 'upload-mode': 'files' }
    await uploadArtifacts({
      outputDir: 'dist',
      files: files.slice(0, 1),
      inputs: inputs(one),
      version: VERSION,
      mojo: MOJO
    })
    const again = uploadArtifacts({
      outputDir: 'dist',
      files: files.slice(0, 1),
      inputs: inputs(one),
      version: VERSION,
      mojo: MOJO
    })
    await expect(again).rejects.toThrow(
      /'data-0\.1\.0\.mojoc' already exists.*'upload-mode: archive'.*'overwrite: true'/
    )
  })

  it('replaces the earlier artifact of that name with overwrite: true', async () => {
    const job = newJob()
    const [first] = await upload()
    const [second] = await upload({ overwrite: 'true' })
    const live = results.artifacts.live(job.runId)
    expect(second.id).not.toBe(first.id)
    expect(live.map((a) => a.id)).toEqual([second.id])
  })

  it('uploads with overwrite: true when there is nothing to replace', async () => {
    newJob()
    const uploaded = await upload({ overwrite: 'true' })
    expect(uploaded).toHaveLength(1)
  })
})

describe('faults', () => {
  it('retries a transient 5xx of the service and succeeds', async () => {
    newJob()
    results.inject('CreateArtifact', { status: 503 })
    results.inject('FinalizeArtifact', { status: 500 })
    const [result] = await upload()
    const statuses = (method: string): number[] =>
      results
        .callsTo(method)
        .filter((c) => c.body.name === result.name)
        .map((c) => c.status)
        .slice(-2)
    expect([statuses('CreateArtifact'), statuses('FinalizeArtifact')]).toEqual([
      [503, 200],
      [500, 200]
    ])
  })

  it('retries a transient 5xx of the blob store (the Azure SDK does) and succeeds', async () => {
    newJob()
    const before = azurite.proxy.requests.length
    azurite.proxy.inject('PutBlock', { status: 503 })
    expect(await upload()).toHaveLength(1)
    const blocks = azurite.proxy.requests.slice(before).filter((r) => r.operation === 'PutBlock')
    expect(blocks.map((r) => r.status)).toEqual([503, 201])
  })

  it('reports a blob store that refuses the upload as a PublishError', async () => {
    newJob()
    azurite.proxy.inject('PutBlock', { status: 403, times: Infinity })
    await expect(upload()).rejects.toThrow(
      /^Uploading artifact 'mojo-packages-0\.1\.0' failed: .*403.*still in/s
    )
  })

  it('survives a slow service', async () => {
    newJob()
    results.inject('CreateArtifact', { delayMs: 3000 })
    const uploaded = await upload()
    expect(uploaded).toHaveLength(1)
  })

  it('reports a service that keeps failing as a PublishError and leaves the files alone', async () => {
    newJob()
    const before = snapshot()
    results.inject('FinalizeArtifact', { status: 503, times: Infinity })
    const error = await upload().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PublishError)
    expect((error as Error).message).toMatch(
      /^Uploading artifact 'mojo-packages-0\.1\.0' failed: .*FinalizeArtifact.*5 attempts.*503.*The built files are still in .*dist\.$/s
    )
    expect(snapshot()).toEqual(before)
  })

  it('reports a dropped connection as a PublishError (the client does not retry network errors)', async () => {
    newJob()
    results.inject('CreateArtifact', { drop: true })
    await expect(upload()).rejects.toThrow(
      /^Uploading artifact 'mojo-packages-0\.1\.0' failed: .*ECONNRESET/s
    )
  })
})

describe('when nothing is uploaded', () => {
  it('skips with a notice outside GitHub Actions', async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN
    const calls = results.calls.length
    expect(await upload()).toEqual([])
    expect(results.calls.length).toBe(calls)
    expect(stdout.join('')).toMatch(/^::notice::Not running in GitHub Actions.*skipped the upload/m)
  })

  it('skips with upload: false', async () => {
    newJob()
    const calls = results.calls.length
    expect(await upload({ upload: 'false' })).toEqual([])
    expect(results.calls.length).toBe(calls)
  })

  it('warns about an empty output directory by default', async () => {
    newJob()
    const uploaded = await uploadArtifacts({
      outputDir: 'dist',
      files: [],
      inputs: inputs(),
      version: VERSION,
      mojo: MOJO
    })
    expect(uploaded).toEqual([])
    expect(stdout.join('')).toMatch(
      /^::warning::No files were found in .*dist\. No artifacts will be uploaded\./m
    )
  })

  it('fails on an empty output directory with if-no-files-found: error', async () => {
    newJob()
    const options = {
      outputDir: 'dist',
      files: [],
      inputs: inputs({ 'if-no-files-found': 'error' }),
      version: VERSION,
      mojo: MOJO
    }
    await expect(uploadArtifacts(options)).rejects.toThrow(/No files were found .*if-no-files-found: error/)
  })

  it('stays quiet about an empty output directory with if-no-files-found: ignore', async () => {
    newJob()
    const options = {
      outputDir: 'dist',
      files: [],
      inputs: inputs({ 'if-no-files-found': 'ignore' }),
      version: VERSION,
      mojo: MOJO
    }
    await uploadArtifacts(options)
    expect(stdout.join('')).not.toMatch(/^::warning::/m)
  })
})
