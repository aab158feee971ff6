/**
 * Cross-checks the inputs against the workspace and the project before anything is downloaded: a
 * mistake here costs a second, not a compiler download and a build.
 */
import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../errors.js'
import { isTagBuild, type Inputs } from '../inputs/inputs.js'
import { untrusted } from '../log.js'
import { isMojoSource } from './discover.js'
import { packageNamed } from './plan.js'
import { wheelVersion } from '../package-version.js'
import type { Project } from './package-spec.js'
import { boundaryOf, isWithin, workspaceFile } from '../workspace-files.js'

/**
 * `working-directory` must be an existing folder that stays in the repository through links; checked
 * before the project is read from it.
 */
export function checkWorkspace(workspace: string, repository = process.env.GITHUB_WORKSPACE): void {
  const stat = fs.statSync(workspace, { throwIfNoEntry: false })
  if (!stat?.isDirectory()) {
    throw new InputError(
      'working-directory',
      `${workspace} ${stat ? 'is not a folder' : 'does not exist'}: name the folder that holds the project, relative to the repository root.`
    )
  }
  const real = fs.realpathSync(workspace)
  if (!isWithin(real, fs.realpathSync(boundaryOf(workspace, repository)))) {
    throw new InputError(
      'working-directory',
      `${workspace} resolves to ${real}, outside the repository, through a symbolic link: name a folder of the repository.`
    )
  }
}

type Checked = Pick<
  Inputs,
  | 'workspace'
  | 'verify'
  | 'verifyImports'
  | 'verifyScripts'
  | 'verifyCommands'
  | 'archives'
  | 'bundle'
  | 'formats'
>

/** Every rule that needs both the inputs and the project. Throws the first InputError found. */
export function checkInputs(inputs: Checked, project: Project, ref = process.env.GITHUB_REF): void {
  // A tag build releases what it builds: one that would ship nothing fails here, not as a green setup step.
  if (isTagBuild(ref) && project.packages.length === 0 && inputs.archives.length === 0) {
    throw new InputError(
      'packages',
      `a tag build (${untrusted(ref!)}) releases what it builds, and this workspace has no package to build: ` +
        `list the package folders in this input, or add a mojo.toml with [project] name and version to the ` +
        `library folder.`
    )
  }
  const given = (
    [
      ['verify-imports', inputs.verifyImports.size],
      ['verify-script', inputs.verifyScripts.length],
      ['verify-commands', inputs.verifyCommands.length]
    ] as const
  ).filter(([, count]) => count > 0)
  if (!inputs.verify && given.length > 0) {
    throw new InputError(
      given[0][0],
      `is set while verify is false, so it would be ignored: remove it, or set verify: true.`
    )
  }

  const archives = new Set(inputs.archives.map((a) => a.name))
  for (const command of inputs.verifyCommands) {
    if (!archives.has(command.archive)) {
      throw new InputError(
        'verify-commands',
        `'${command.archive}' is not an archive this step builds: list it in 'archives' ` +
          `(${[...archives].join(', ') || 'none is listed'}), or fix the name before ':'.`
      )
    }
  }

  for (const key of inputs.verifyImports.keys()) {
    if (!packageNamed(project.packages, key)) {
      throw new InputError(
        'verify-imports',
        `'${key}' is not a package of this workspace (${project.packages.map((p) => p.import).join(', ') || 'it has none'}): use a package's name or import name.`
      )
    }
  }

  // conda takes the wheel's PEP 440 version, so one check serves both.
  if (inputs.formats.has('wheel') || inputs.formats.has('conda')) {
    const unwheeled = project.packages.find((p) => wheelVersion(p.version) === undefined)
    if (unwheeled) {
      throw new InputError(
        'formats',
        `${unwheeled.name} ${unwheeled.version} (${unwheeled.mojoToml ?? unwheeled.relDir}) has no PEP 440 form a wheel or ` +
          `conda package can carry: write its version like 0.1.0, 1.0.0-beta.2 or 0.26.1.2, or leave wheel and conda out of 'formats'.`
      )
    }
  }

  if (inputs.bundle !== '' && !inputs.formats.has('mojoc')) {
    throw new InputError(
      'bundle',
      `holds the precompiled files, and 'formats' leaves out mojoc: add mojoc to 'formats', or remove 'bundle'.`
    )
  }

  if (inputs.bundle !== '' && project.packages.length === 0) {
    throw new InputError(
      'bundle',
      `'${inputs.bundle}' would hold no package: this workspace has none. Remove the input.`
    )
  }

  for (const script of inputs.verifyScripts) checkScript(inputs.workspace, script)
}

/** Why a `verify-script` line cannot run, or undefined when it can. */
function scriptProblem(workspace: string, script: string): string | undefined {
  const file = path.resolve(workspace, script)
  if (path.isAbsolute(script) || path.relative(workspace, file).startsWith('..'))
    return 'is outside the workspace'
  if (!isMojoSource(script)) return 'is not a .mojo file'
  if (workspaceFile(workspace, script, 'verify-script') === undefined) return 'does not exist'
  return undefined
}

export function checkScript(workspace: string, script: string): void {
  const problem = scriptProblem(workspace, script)
  if (problem) {
    throw new InputError(
      'verify-script',
      `'${script}' ${problem}: list .mojo files relative to the workspace, one per line.`
    )
  }
}
