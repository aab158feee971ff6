import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import {
  exampleProgram,
  installPlan,
  planCommands,
  shellLine,
  type InstallPlan,
  type PlanOptions
} from '../../src/assemble/install-plan.js'
import type { Artifact } from '../../src/types.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { buildOutput, dummyPackage, run } from './support.js'

afterAll(removeTempDirs)

let downloads: string
let artifacts: Artifact[]
const byName = (name: string): Artifact => artifacts.find((a) => a.name === name) as Artifact

/** Runs a plan's commands in the download folder exactly as listed. */
async function follow(plan: InstallPlan): Promise<void> {
  for (const [file, ...args] of planCommands(plan)) await run(file, args, downloads)
}

/** The plan of a package or the bundle: the kinds that copy packages and have a usage. */
function copyingPlan(artifact: Artifact, all: Artifact[], options?: PlanOptions) {
  const plan = installPlan(artifact, all, options)
  if (plan.kind !== 'package' && plan.kind !== 'bundle')
    throw new Error(`${artifact.file} copies no packages`)
  return plan
}

beforeAll(async () => {
  ;({ outDir: downloads, artifacts } = await buildOutput())
})

describe('installPlan', () => {
  it('copies a package under its import name into the library folder', () => {
    expect(planCommands(installPlan(byName('data'), artifacts))).toEqual([
      ['mkdir', '-p', '~/.local/lib/mojo'],
      ['cp', 'data-0.1.0.mojoc', '~/.local/lib/mojo/data.mojoc']
    ])
  })

  it('installs the packages a package was built against first', () => {
    const plan = copyingPlan(byName('training'), artifacts, { libDir: '/lib' })
    expect(plan.copy).toEqual([
      { from: 'odyssey_utils-0.1.0.mojoc', to: '/lib/odyssey_utils.mojoc' },
      { from: 'training-0.1.0.mojoc', to: '/lib/training.mojoc' }
    ])
  })

  it('follows dependencies of dependencies, each once', () => {
    const dir = tempDir()
    const chain = [dummyPackage(dir, 'a'), dummyPackage(dir, 'b', ['a']), dummyPackage(dir, 'c', ['a', 'b'])]
    expect(copyingPlan(chain[2], chain).copy.map((c) => c.from)).toEqual([
      'a-0.1.0.mojoc',
      'b-0.1.0.mojoc',
      'c-0.1.0.mojoc'
    ])
  })

  it('names the missing package when a dependency was not built', () => {
    expect(() => installPlan(byName('training'), [byName('training')])).toThrow(
      "'training' needs the package 'odyssey_utils', which is not among the built packages."
    )
  })

  it('runs the example with the library folder on the import path', () => {
    const { usage } = copyingPlan(byName('data'), artifacts, { libDir: '/tmp/lib' })
    expect([usage.importPath, usage.program.file, usage.mojoArgs]).toEqual([
      '/tmp/lib',
      'app.mojo',
      ['run', '-I', '/tmp/lib', 'app.mojo']
    ])
  })

  it('installs a package with its dependency when followed literally', async () => {
    const lib = path.join(tempDir('lib'), 'mojo')
    await follow(installPlan(byName('training'), artifacts, { libDir: lib }))
    expect(fs.readdirSync(lib)).toEqual(['odyssey_utils.mojoc', 'training.mojoc'])
  })

  it('installs the bundle through install.sh when followed literally', async () => {
    const lib = path.join(tempDir('lib'), 'mojo')
    const plan = copyingPlan(byName('ml-odyssey'), artifacts, { libDir: lib })
    await follow(plan)
    expect(fs.readdirSync(lib)).toEqual(plan.copy.map((c) => path.basename(c.to)))
  })

  it('extracts a zip archive into NAME-VERSION/ when followed literally', async () => {
    const plan = installPlan(byName('docs-offline'), artifacts)
    if (plan.kind !== 'archive') throw new Error('docs-offline is an archive')
    await follow(plan)
    expect(fs.existsSync(path.join(downloads, `${plan.extractsTo}/site/index.html`))).toBe(true)
  })
})

describe('exampleProgram', () => {
  it('imports the given names, or the package itself, in a def main() program', () => {
    const symbols = new Map([['data', ['Dataset', 'make_dataset']]])
    expect(exampleProgram(['data', 'training'], symbols)).toBe(
      'from data import Dataset, make_dataset\nimport training\n\n\ndef main():\n    print("imported data, training")\n'
    )
  })
})

describe('shellLine', () => {
  it('leaves plain words and a leading ~/ bare and quotes the rest', () => {
    expect(shellLine(['cp', 'a b', "it's", '~/.local/lib/mojo/x.mojoc', 'a~b'])).toBe(
      `cp 'a b' 'it'\\''s' ~/.local/lib/mojo/x.mojoc 'a~b'`
    )
  })
})

describe('the install plan of a wheel', () => {
  const wheel = (
    name: string,
    importAs: string | undefined,
    dependencies: string[] = [],
    contents?: string[]
  ): Artifact => ({
    kind: 'wheel',
    name,
    version: '1.0.0-beta.2',
    file: `${name.replace(/-/g, '_')}-1.0.0b2-py3-none-any.whl`,
    sha256: '0',
    size: 1,
    import: importAs,
    mojo: '1.2.0',
    dependencies,
    contents
  })
  const all = [wheel('odyssey-utils', 'odyssey_utils'), wheel('training', 'training', ['odyssey_utils'])]

  it('installs with pip into a venv, naming the PEP 440 version, from the download folder', () => {
    const plan = installPlan(all[1], all)
    expect(planCommands(plan)).toEqual([
      ['python3', '-m', 'venv', '.venv'],
      ['.venv/bin/pip', 'install', '--find-links', '.', 'training==1.0.0b2']
    ])
  })

  it("downloads the wheels of what it requires, and runs the venv's own mojo with no -I", () => {
    const plan = installPlan(all[1], all)
    if (plan.kind !== 'wheel') throw new Error('not a wheel plan')
    expect(plan.downloads).toEqual([
      'odyssey_utils-1.0.0b2-py3-none-any.whl',
      'training-1.0.0b2-py3-none-any.whl'
    ])
    expect([plan.usage.mojo, plan.usage.mojoArgs]).toEqual(['.venv/bin/mojo', ['run', 'app.mojo']])
  })

  it('installs a bundle wheel with every package wheel beside it, and imports them all', () => {
    const bundle = wheel('ml-odyssey', undefined, [], ['odyssey_utils', 'training'])
    const plan = installPlan(bundle, [...all, bundle])
    if (plan.kind !== 'wheel') throw new Error('not a wheel plan')
    expect(plan.downloads).toEqual([
      'odyssey_utils-1.0.0b2-py3-none-any.whl',
      'training-1.0.0b2-py3-none-any.whl',
      'ml_odyssey-1.0.0b2-py3-none-any.whl'
    ])
    expect(plan.usage.imports).toEqual(['odyssey_utils', 'training'])
  })
})

describe('the install plan of a conda package', () => {
  const conda = (name: string, importAs: string, dependencies: string[] = []): Artifact => ({
    kind: 'conda',
    name,
    version: '0.1.0',
    file: `${name}-0.1.0-mojo_1.2.0_0.conda`,
    sha256: '0',
    size: 1,
    import: importAs,
    mojo: '1.2.0',
    dependencies
  })
  const all = [conda('odyssey-utils', 'odyssey_utils'), conda('training', 'training', ['odyssey_utils'])]

  it('adds the packages it depends on first, and runs no command of its own (pixi is the user’s)', () => {
    const plan = installPlan(all[1], all)
    if (plan.kind !== 'conda') throw new Error('not a conda plan')
    expect([plan.downloads, planCommands(plan)]).toEqual([
      ['odyssey-utils-0.1.0-mojo_1.2.0_0.conda', 'training-0.1.0-mojo_1.2.0_0.conda'],
      []
    ])
  })

  it("imports from the environment's lib/mojo with no -I", () => {
    const plan = installPlan(all[1], all, { condaLib: '/prefix/lib/mojo' })
    if (plan.kind !== 'conda') throw new Error('not a conda plan')
    expect([plan.usage.importPath, plan.usage.mojoArgs]).toEqual(['/prefix/lib/mojo', ['run', 'app.mojo']])
  })
})

describe('the plan of install_verify.sh', () => {
  const script: Artifact = {
    kind: 'script',
    name: 'install_verify',
    version: '0.1.0',
    file: 'install_verify.sh',
    sha256: '0',
    size: 1,
    contents: ['data']
  }
  const shipped = (...kinds: Artifact['kind'][]): Artifact[] => [
    ...kinds.map((kind) => ({ ...script, kind, name: 'data', file: `data.${kind}` })),
    script
  ]
  const runs = (all: Artifact[], options?: PlanOptions) => {
    const plan = installPlan(script, all, options)
    if (plan.kind !== 'script') throw new Error('not a script plan')
    return [planCommands(plan), plan.runs.map((r) => r.line)]
  }

  it('installs nothing, and runs after each install route the release offers, as INSTALL.md shows', () => {
    expect(runs(shipped('package', 'wheel', 'conda', 'source'))).toEqual([
      [],
      [
        'sh install_verify.sh dir ~/.local/lib/mojo',
        '. .venv/bin/activate && sh install_verify.sh wheel',
        'pixi run sh install_verify.sh conda'
      ]
    ])
  })

  it('offers only the routes of the formats shipped, with the folder and venv verification uses', () => {
    expect(runs(shipped('source'), { libDir: '/clean/work/lib' })).toEqual([
      [],
      ['sh install_verify.sh dir /clean/work/lib']
    ])
    expect(runs(shipped('wheel'), { venv: '/clean/work/.venv' })[1]).toEqual([
      '. /clean/work/.venv/bin/activate && sh install_verify.sh wheel'
    ])
  })
})
