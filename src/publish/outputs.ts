/** Every output the main step sets, in one place (the toolchain outputs included). */
import * as core from '@actions/core'
import path from 'node:path'
import { MANIFEST_FILE } from '../assemble/manifest.js'
import type { Artifact, Toolchain } from '../types.js'
import type { UploadResult } from './upload.js'

export function setToolchainOutputs(toolchain: Toolchain): void {
  core.setOutput('mojo-version', toolchain.version)
  core.setOutput('mojo-root', toolchain.root)
  core.setOutput('cache-hit', String(toolchain.source !== 'download'))
}

interface BuildOutputs {
  workspace: string
  outputDir: string
  version: string
  artifacts: Artifact[]
  verified: boolean
  uploads: UploadResult[]
}

export function setBuildOutputs(built: BuildOutputs): void {
  const rel = (file: string): string =>
    path.relative(built.workspace, path.join(built.outputDir, file)).split(path.sep).join('/')
  const files = (keep: (a: Artifact) => boolean): string =>
    JSON.stringify(built.artifacts.filter(keep).map((a) => rel(a.file)))
  core.setOutput('version', built.version)
  core.setOutput(
    'packages',
    files((a) => a.kind === 'package')
  )
  core.setOutput(
    'wheels',
    files((a) => a.kind === 'wheel')
  )
  core.setOutput(
    'conda-packages',
    files((a) => a.kind === 'conda')
  )
  core.setOutput(
    'sources',
    files((a) => a.kind === 'source')
  )
  core.setOutput(
    'archives',
    files((a) => a.kind === 'bundle' || a.kind === 'archive')
  )
  core.setOutput('manifest', rel(MANIFEST_FILE))
  core.setOutput('verified', String(built.verified))
  const { uploads } = built
  core.setOutput(
    'artifacts',
    JSON.stringify(uploads.map(({ name, id, url, digest }) => ({ name, id, url, digest })))
  )
  if (uploads.length === 1) {
    core.setOutput('artifact-id', String(uploads[0].id))
    core.setOutput('artifact-url', uploads[0].url)
    core.setOutput('artifact-digest', uploads[0].digest)
  }
}
