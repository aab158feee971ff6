/**
 * Uploads the output directory as workflow artifacts with `@actions/artifact`, the way
 * actions/upload-artifact does: one zipped artifact (`upload-mode: archive`) or every file as-is
 * (`upload-mode: files`, no zip inside a zip), with its retention, overwrite and
 * if-no-files-found semantics.
 */
import { untrusted } from '../log.js'
import path from 'node:path'
import os from 'node:os'
import * as core from '@actions/core'
import { DefaultArtifactClient, type UploadArtifactOptions } from '@actions/artifact'
import { PublishError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'

interface UploadOptions {
  /** Output directory (absolute, or relative to the workspace). */
  outputDir: string
  /** Absolute paths of the files to upload (every file in the output directory). */
  files: string[]
  inputs: Inputs
  /** Version of the built packages, for the default artifact name. */
  version: string
  /** Exact version of the compiler that built them, for the default artifact name in a matrix. */
  mojo: string
}

/** What the default artifact name is made of. */
interface ArtifactNaming {
  version: string
  mojo: string
  /** The runner's platform, `<os>-<arch>`. */
  platform: string
}

export interface UploadResult {
  name: string
  id: number
  /** The artifact's page in the workflow run. */
  url: string
  /** Hex SHA-256 of what was uploaded (the zip, or the file itself). */
  digest: string
  /** The files it holds, relative to the output directory. */
  files: string[]
}

/** One artifact to upload. */
interface PlannedUpload {
  name: string
  files: string[]
  rootDirectory: string
  /** Upload the single file as-is instead of zipping. */
  raw: boolean
  /**
   * Named by the matrix default, after what was built (version, compiler, platform): another cell that took
   * the name built the same thing, as when the lock already names the newest compiler.
   */
  cellName?: boolean
}

/** The runner's platform as RUNNER_OS and RUNNER_ARCH name it, in lower case: `linux-x64`, `macos-arm64`. */
export function runnerPlatform(platform: string = process.platform, arch: string = os.arch()): string {
  const system = ({ darwin: 'macos', win32: 'windows' } as Record<string, string | undefined>)[platform]
  return `${system ?? platform}-${arch}`
}

/** What to upload: pure, so the naming rules are testable without a service. */
export function planUploads(
  outputDir: string,
  files: string[],
  inputs: Inputs,
  naming: ArtifactNaming
): PlannedUpload[] {
  if (inputs.uploadMode === 'archive') {
    const plan = { files, rootDirectory: outputDir, raw: false }
    if (inputs.artifactName) return [{ name: inputs.artifactName, ...plan }]
    const { version, mojo, platform } = naming
    // Cells of a matrix differ by compiler or runner: both in the name, and no two cells clash.
    return inputs.inMatrix
      ? [{ name: `mojo-packages-${version}-mojo${mojo}-${platform}`, ...plan, cellName: true }]
      : [{ name: `mojo-packages-${version}`, ...plan }]
  }
  const seen = new Map<string, string>()
  return files.map((file) => {
    // A raw upload is always named after its file; two files of one name would clash.
    const name = path.basename(file)
    const other = seen.get(name)
    if (other !== undefined) {
      throw new PublishError(
        `upload-mode 'files' names each artifact after its file, and '${other}' and '${file}' share the ` +
          `name '${name}'. Use 'upload-mode: archive' or keep file names unique in the output directory.`
      )
    }
    seen.set(name, file)
    return { name, files: [file], rootDirectory: path.dirname(file), raw: true }
  })
}

/** `${server}/${repo}/actions/runs/${run}/artifacts/${id}`, as actions/upload-artifact reports it. */
export function artifactUrl(id: number, env: NodeJS.ProcessEnv = process.env): string {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`
}

function noFiles(inputs: Inputs, outputDir: string): void {
  const message = `No files were found in ${outputDir}. No artifacts will be uploaded.`
  if (inputs.ifNoFilesFound === 'error') {
    throw new PublishError(`${message} (if-no-files-found: error)`)
  }
  if (inputs.ifNoFilesFound === 'warn') core.warning(message)
  else core.info(untrusted(message))
}

/** Deletes an earlier artifact of this name in the run; a missing one is fine, as in upload-artifact. */
async function deleteIfExists(client: DefaultArtifactClient, name: string): Promise<void> {
  try {
    await client.deleteArtifact(name)
    core.info(`Deleted the earlier artifact '${name}' (overwrite: true).`)
  } catch (error) {
    // By name, not class: @github/local-action's stand-in throws its own class (the real one sets this name).
    if (error instanceof Error && error.name === 'ArtifactNotFoundError') return
    throw new PublishError(
      `Deleting the earlier artifact '${name}' (overwrite: true) failed: ${describe(error)}`
    )
  }
}

/** The error's message; the blob store's errors can be bare, so add their HTTP status. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const status = (error as { statusCode?: number }).statusCode
  const message = error.message || error.name
  return status && !message.includes(String(status)) ? `${message} (HTTP ${status})` : message
}

const isNameTaken = (error: unknown): boolean => /\(409\)|already exists/i.test(describe(error))

function failure(plan: PlannedUpload, error: unknown, outputDir: string): PublishError {
  const message = describe(error)
  const kept = ` The built files are still in ${outputDir}.`
  if (isNameTaken(error)) {
    // Raw uploads are named after their files, so only archive mode can rename.
    const rename = plan.raw
      ? `use 'upload-mode: archive' with an 'artifact-name' unique in the run`
      : `set 'artifact-name' to a unique name`
    return new PublishError(
      `An artifact named '${plan.name}' already exists in this workflow run. Names are unique per run: ` +
        `${rename} (in a matrix, add the matrix values, e.g. 'mojo-packages-\${{ matrix.os }}'), or set ` +
        `'overwrite: true' to replace it.${kept}`
    )
  }
  if (error instanceof Error && error.name === 'GHESNotSupportedError') {
    return new PublishError(
      `GitHub Enterprise Server has no artifact service that @actions/artifact v2+ can use: set ` +
        `'upload: false' and upload ${outputDir} with actions/upload-artifact@v3.${kept}`
    )
  }
  return new PublishError(`Uploading artifact '${plan.name}' failed: ${message}${kept}`)
}

export async function uploadArtifacts(options: UploadOptions): Promise<UploadResult[]> {
  const { inputs } = options
  const outputDir = path.resolve(inputs.workspace, options.outputDir)
  if (!inputs.upload) {
    core.info('upload: false, so nothing is uploaded.')
    return []
  }
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    core.notice(
      `Not running in GitHub Actions (no ACTIONS_RUNTIME_TOKEN): skipped the upload; the files are in ${outputDir}.`
    )
    return []
  }
  if (options.files.length === 0) {
    noFiles(inputs, outputDir)
    return []
  }
  const client = new DefaultArtifactClient()
  const results: UploadResult[] = []
  const naming = { version: options.version, mojo: options.mojo, platform: runnerPlatform() }
  for (const plan of planUploads(outputDir, options.files, inputs, naming)) {
    if (inputs.overwrite) await deleteIfExists(client, plan.name)
    const uploadOptions: UploadArtifactOptions = plan.raw
      ? { skipArchive: true }
      : { compressionLevel: inputs.compressionLevel }
    if (inputs.retentionDays > 0) uploadOptions.retentionDays = inputs.retentionDays
    let response
    try {
      response = await client.uploadArtifact(plan.name, plan.files, plan.rootDirectory, uploadOptions)
    } catch (error) {
      if (plan.cellName && !inputs.overwrite && isNameTaken(error)) {
        core.warning(
          `Another cell of this matrix already uploaded '${plan.name}': the same version, compiler and ` +
            `platform, so this cell's build is left out (its files are in ${outputDir}). Two cells that ` +
            `build the same compiler do the same work: drop one, or set 'artifact-name' from the matrix values.`
        )
        continue
      }
      throw failure(plan, error, outputDir)
    }
    if (response.id === undefined) {
      throw new PublishError(
        `Uploading artifact '${plan.name}' returned no artifact ID. The built files are still in ${outputDir}.`
      )
    }
    results.push({
      name: plan.name,
      id: response.id,
      url: artifactUrl(response.id),
      digest: response.digest ?? '',
      files: plan.files.map((file) => path.relative(outputDir, file))
    })
    core.info(`Uploaded artifact '${plan.name}' (ID ${response.id}, ${response.size ?? 0} bytes).`)
  }
  return results
}
