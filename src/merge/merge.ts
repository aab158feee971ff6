/**
 * The merge step (merge/action.yml): the cells of a matrix, each one run of the main step, made into one
 * release with one conda channel. Reads and checks the cells, writes the release into a staging folder
 * beside output-dir, verifies the channel with every compiler (input `verify`), then moves the folder
 * into place: output-dir must be absent or empty, since nothing the user owns is deleted or overwritten.
 */
import * as core from '@actions/core'
import fs from 'node:fs/promises'
import path from 'node:path'
import { ActionError, InputError } from '../errors.js'
import { untrusted } from '../log.js'
import { installToolchain } from '../toolchain/install.js'
import { inGitDir, isWithin } from '../workspace-files.js'
import { readCells } from './cells.js'
import { channelUrlInput, earlierFiles, keepEarlierChannel } from './earlier-channel.js'
import { mergeVerified, renderMergeSummary } from './merge-summary.js'
import { CHANNEL_DIR, planMerge, WHEELS_DIR } from './merge-plan.js'
import { verifyChannel, type MergeCheck } from './merge-verify.js'
import { sealRelease, writeRelease } from './release-folder.js'

interface MergeInputs {
  workspace: string
  /** Absolute. */
  cells: string
  /** Absolute. */
  outputDir: string
  wheelsMojo: string
  verify: boolean
  /** Where the channel is served, to keep its earlier releases; undefined starts a new channel. */
  channelUrl?: string
}

function readInputs(): MergeInputs {
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd())
  const cells = core.getInput('path', { required: true }).trim()
  const verify = (core.getInput('verify') || 'true').trim()
  if (verify !== 'true' && verify !== 'false')
    throw new InputError('verify', `'${untrusted(verify)}' is not 'true' or 'false'.`)
  return {
    workspace,
    cells: path.resolve(workspace, cells),
    outputDir: path.resolve(workspace, core.getInput('output-dir').trim() || 'dist'),
    wheelsMojo: core.getInput('wheels-mojo-version').trim() || 'newest',
    verify: verify === 'true',
    channelUrl: channelUrlInput(core.getInput('channel-url').trim())
  }
}

/**
 * Refuses an output-dir outside the workspace, one that holds anything, or one that overlaps the cells:
 * the merge never deletes a file, nor writes where the workflow did not give it.
 */
async function checkOutputDir(inputs: MergeInputs): Promise<void> {
  if (!isWithin(inputs.outputDir, inputs.workspace) || inGitDir(inputs.outputDir, inputs.workspace)) {
    throw new InputError(
      'output-dir',
      `'${untrusted(inputs.outputDir)}' is outside the workspace (or in its .git): name a folder of the workspace, such as dist.`
    )
  }
  if (isWithin(inputs.outputDir, inputs.cells) || isWithin(inputs.cells, inputs.outputDir)) {
    throw new InputError(
      'output-dir',
      'it must not contain the cells (path) or lie inside them; choose a folder of its own.'
    )
  }
  const entries = await fs.readdir(inputs.outputDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw new InputError(
      'output-dir',
      `'${untrusted(inputs.outputDir)}' is not a folder that can be read (${error.code}).`
    )
  })
  if (entries.length > 0) {
    throw new InputError(
      'output-dir',
      `'${untrusted(inputs.outputDir)}' already holds files (${entries
        .slice(0, 3)
        .map((e) => untrusted(e))
        .join(', ')}); ` +
        'the merge writes a new folder and never deletes yours: choose an empty or new folder.'
    )
  }
}

/** The Pages URL the example release workflow serves the channel at, when the repository is known. */
function pagesUrl(): string | undefined {
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  return owner && repo ? `https://${owner.toLowerCase()}.github.io/${repo}` : undefined
}

async function merge(inputs: MergeInputs): Promise<void> {
  await checkOutputDir(inputs)
  const cells = await readCells(inputs.cells)
  const plan = planMerge(cells, inputs.wheelsMojo)
  core.info(
    untrusted(
      `Merging ${cells.length} cells: ${plan.cells.map((c) => `${c.name} (Mojo ${c.mojo}, ${c.platform})`).join(', ')}`
    )
  )
  const parent = path.dirname(inputs.outputDir)
  await fs.mkdir(parent, { recursive: true })
  const staging = await fs.mkdtemp(path.join(parent, `.${path.basename(inputs.outputDir)}.merge-`))
  try {
    const earlier = await keepEarlierChannel(inputs.channelUrl, staging, plan)
    const written = await writeRelease(staging, plan, inputs.channelUrl ?? pagesUrl(), earlier)
    let checks: MergeCheck[] | undefined
    if (inputs.verify) {
      checks = await verifyChannel({
        channel: path.join(staging, CHANNEL_DIR),
        records: written.records,
        compilers: plan.compilers,
        imports: written.imports,
        workspace: inputs.workspace,
        toolchainFor: (mojo) => installToolchain({ request: { kind: 'exact', version: mojo } })
      })
      for (const c of checks)
        core.info(untrusted(`${c.name} with Mojo ${c.mojo}: ${c.ok ? `ok (build ${c.build})` : c.reason}`))
    }
    const files = await sealRelease(staging, plan, checks)
    // Checked again just before: the folder may have been filled while the merge ran.
    await checkOutputDir(inputs)
    // Only an empty folder is removed (rmdir fails on any other).
    await fs.rmdir(inputs.outputDir).catch(() => undefined)
    await fs.rename(staging, inputs.outputDir)
    const shown = (rel: string): string =>
      path.relative(inputs.workspace, path.join(inputs.outputDir, rel)) || '.'
    core.setOutput('channel', shown(CHANNEL_DIR))
    core.setOutput('wheels', shown(WHEELS_DIR))
    // Only what this release built: the earlier packages were attested and uploaded by their own.
    const kept = earlierFiles(earlier)
    core.setOutput(
      'files',
      files
        .filter((f) => !kept.has(f))
        .map(shown)
        .join('\n')
    )
    const summary = renderMergeSummary({
      plan,
      packages: written.packages,
      checks,
      outputDir: shown(''),
      earlier
    })
    await core.summary.addRaw(summary).write()
    if (checks !== undefined && !mergeVerified(checks)) {
      throw new ActionError(
        'The merged release does not install and import with every compiler: see the summary.'
      )
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true })
  }
}

export async function run(): Promise<void> {
  try {
    await merge(readInputs())
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
