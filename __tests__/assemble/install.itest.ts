/**
 * The install steps that INSTALL.md shows, followed literally with real packages compiled by the real
 * 1.2.0 compiler: the package steps (with a dependency) and the bundle's install.sh.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { writeBundle } from '../../src/assemble/bundle.js'
import { writeChecksums } from '../../src/assemble/checksums.js'
import {
  CHECKSUM_COMMAND,
  planCommands,
  installPlan,
  type InstallPlan
} from '../../src/assemble/install-plan.js'
import { fileDigest } from '../../src/digest.js'
import type { Artifact, Toolchain } from '../../src/types.js'
import { testToolchain } from '../support/toolchain.js'
import { fixtureWorkspace, removeTempDirs, tempDir } from '../support/temp.js'
import { run } from './support.js'

afterAll(removeTempDirs)

const symbols = new Map([
  ['data', ['Dataset', 'make_dataset']],
  ['training', ['Trainer', 'train']]
])
let toolchain: Toolchain
let downloads: string
let artifacts: Artifact[]

/** Compiles a fixture package as `<import>.mojoc` and ships it as `<import>-0.1.0.mojoc`. */
async function compile(
  dir: string,
  importAs: string,
  dependencies: string[],
  built: string
): Promise<Artifact> {
  const out = path.join(built, `${importAs}.mojoc`)
  await run(
    toolchain.mojo,
    ['precompile', path.join(fixtureWorkspace, 'shared', dir), '-I', built, '-o', out],
    undefined,
    toolchain.env
  )
  const file = `${importAs}-0.1.0.mojoc`
  fs.copyFileSync(out, path.join(downloads, file))
  const digest = await fileDigest(path.join(downloads, file))
  return {
    kind: 'package',
    name: importAs,
    version: '0.1.0',
    file,
    ...digest,
    import: importAs,
    mojo: '1.2.0',
    dependencies
  }
}

/** Follows a plan in a fresh library folder and runs its example with the real compiler. */
async function installAndRun(plan: (lib: string) => InstallPlan): Promise<string> {
  const work = tempDir('user')
  const lib = path.join(work, 'lib', 'mojo')
  const steps = plan(lib)
  for (const [file, ...args] of planCommands(steps))
    await run(file, args, downloads, { PATH: '/usr/bin:/bin' })
  if (steps.kind === 'archive' || steps.kind === 'script') throw new Error(`${steps.file}: nothing to run`)
  fs.writeFileSync(path.join(work, steps.usage.program.file), steps.usage.program.text)
  return run(toolchain.mojo, steps.usage.mojoArgs, work, { ...toolchain.env, HOME: work })
}

beforeAll(async () => {
  toolchain = await testToolchain('1.2.0')
  downloads = tempDir('downloads')
  const built = tempDir('built')
  const packages = [
    await compile('data', 'data', [], built),
    await compile('odyssey_utils', 'odyssey_utils', [], built),
    await compile('training', 'training', ['odyssey_utils'], built)
  ]
  const common = { version: '0.1.0', outDir: downloads, epoch: 0, mojo: '1.2.0', symbols }
  artifacts = [
    ...packages,
    await writeBundle({ ...common, name: 'ml-odyssey', packages, packagesDir: downloads })
  ]
  await writeChecksums(downloads, artifacts)
})

describe('INSTALL.md steps with real packages', () => {
  it('passes the checksum step', async () => {
    const [file, ...args] = CHECKSUM_COMMAND
    await expect(run(file, args, downloads)).resolves.toContain('training-0.1.0.mojoc: OK')
  })

  it('installs a package with the dependency it was built against, and the example imports it', async () => {
    const training = artifacts.find((a) => a.name === 'training') as Artifact
    const out = await installAndRun((libDir) => installPlan(training, artifacts, { libDir, symbols }))
    expect(out).toBe('imported training\n')
  })

  it('installs the bundle with install.sh, and the example imports every package', async () => {
    const bundle = artifacts.find((a) => a.kind === 'bundle') as Artifact
    const out = await installAndRun((libDir) => installPlan(bundle, artifacts, { libDir, symbols }))
    expect(out).toBe('imported data, odyssey_utils, training\n')
  })
})
