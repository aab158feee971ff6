/**
 * The last stage: what output-dir holds is uploaded (even when verification failed, so the files can be
 * inspected), the step's outputs are set, and the summary gets what was built. An upload failure is
 * returned, not thrown: it must not hide a verification failure, and the summary still shows both.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { ActionError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'
import { grouped } from '../phases.js'
import type { Artifact } from '../types.js'
import { setBuildOutputs } from './outputs.js'
import type { BuiltReport } from './summary.js'
import { uploadArtifacts, type UploadResult } from './upload.js'

interface PublishOptions {
  inputs: Inputs
  outputDir: string
  version: string
  /** Exact version of the compiler that built them. */
  mojo: string
  artifacts: Artifact[]
}

interface Published {
  report: BuiltReport
  uploadFailure?: ActionError
}

export async function publish(options: PublishOptions): Promise<Published> {
  const { inputs, outputDir, version, mojo, artifacts } = options
  const files = (await fs.readdir(outputDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(outputDir, entry.name))
    .sort()
  let uploads: UploadResult[] = []
  let uploadFailure: ActionError | undefined
  try {
    uploads = await grouped('Upload', 'upload', () =>
      uploadArtifacts({ outputDir, files, inputs, version, mojo })
    )
  } catch (error) {
    if (!(error instanceof ActionError)) throw error
    uploadFailure = error
  }
  const failed = artifacts.some((a) => a.verification && !a.verification.ok)
  setBuildOutputs({
    workspace: inputs.workspace,
    outputDir,
    version,
    artifacts,
    verified: inputs.verify && !failed,
    uploads
  })
  const report: BuiltReport = {
    artifacts,
    installGuide: await fs.readFile(path.join(outputDir, 'INSTALL.md'), 'utf8'),
    uploads
  }
  return { report, uploadFailure }
}
