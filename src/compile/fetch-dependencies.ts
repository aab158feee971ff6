/**
 * Makes the Mojo dependencies the project's pixi files name (project/locked-dependencies.ts) usable by
 * this compiler, after the toolchain is installed and before the compile: a locked conda package is
 * downloaded and its precompiled files checked to load; a git dependency is checked out at its commit
 * and built from source with this compiler, after the git dependencies its own pixi files name
 * (depth first, a cycle refused). The results join the externals, which the external-packages input
 * and an installed pixi environment have already claimed: those win.
 */
import * as core from '@actions/core'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ActionError } from '../errors.js'
import { condaPlatform, currentHost } from '../host.js'
import { untrusted, withoutCredentials } from '../log.js'
import type { ExternalPackage } from '../project/external-packages.js'
import { isMojoSource, libraryFolders } from '../project/discover.js'
import { packageImports } from '../project/imports.js'
import {
  dependenciesToFetch,
  projectDependencies,
  type LockedDependency
} from '../project/locked-dependencies.js'
import type { Toolchain } from '../types.js'
import { describeExit } from '../process.js'
import { runMojo } from '../toolchain/driver.js'
import { walkWorkspaceDir } from '../workspace-files.js'
import { condaMojoFiles } from './conda-dependency.js'
import { buildArgs, chooseFormat, hasPrecompile } from './format.js'
import { checkoutGitSource } from './git-dependency.js'
import { placeExternals, toolchainPackages } from './place-externals.js'

/** A dependency could not be fetched, built or loaded: names it, where it is, and the two ways around. */
export class DependencyError extends ActionError {}

interface DependencyOptions {
  /** The pixi environment the workspace's lock was read for (the input; '' for default). */
  environment: string
  /** What the external-packages input and the pixi environment give: never fetched, on every -I path. */
  externals: ExternalPackage[]
  timeoutMs: number
}

const describe = (dep: LockedDependency): string =>
  dep.kind === 'conda'
    ? `${dep.name} ${dep.version} (${dep.url}, locked in ${dep.file})`
    : `${dep.name} (git ${dep.source.url}${dep.source.commit ? ` at ${dep.source.commit}` : dep.source.ref ? ` ${dep.source.ref.kind} ${dep.source.ref.name}` : ''}, from ${dep.file})`

function failure(dep: LockedDependency, why: string, environment: string): DependencyError {
  return new DependencyError(
    untrusted(
      withoutCredentials(
        `Could not use the Mojo dependency ${describe(dep)}: ${why}. Two ways around it: give the package ` +
          `(its .mojoc, or its source folder) in the 'external-packages' input, or install the pixi ` +
          `environment before this step (prefix-dev/setup-pixi): the action then uses .pixi/envs/${environment || 'default'}/lib/mojo.`
      )
    )
  )
}

/** What a user installs beside the built package, for INSTALL.md. */
function installHint(dep: LockedDependency, commit?: string): string {
  if (dep.kind === 'git') {
    const pin = commit
      ? `rev = "${commit}"`
      : dep.source.ref
        ? `${dep.source.ref.kind} = "${dep.source.ref.name}"`
        : ''
    return `\`${dep.name} = { git = "${dep.source.url}"${pin ? `, ${pin}` : ''} }\` in pixi.toml [dependencies]`
  }
  const channel = dep.url.split('/').slice(0, -2).join('/')
  return `\`pixi add "${dep.name}==${dep.version}"\` with the channel ${channel}`
}

/**
 * The package folder of a checkout, by the rule that finds the project's own library (contained in the
 * checkout, outside tests and examples): the library folder named after the import, else the only one.
 */
async function packageFolder(root: string, name: string): Promise<string | undefined> {
  const folders = await libraryFolders(root)
  const named = folders.filter((rel) => path.posix.basename(rel) === name)
  const chosen = named.length > 0 ? named : folders
  return chosen.length === 1 ? path.join(root, chosen[0]) : undefined
}

/** The version a `.mojoc` says it was built with when it does not load (`version 1.2.0 is newer ...`). */
const builtWith = (log: string): string | undefined =>
  /\bversion (\S+) is (?:newer|older) than/.exec(log)?.[1]

export async function fetchDependencies(
  deps: LockedDependency[],
  toolchain: Toolchain,
  options: DependencyOptions
): Promise<ExternalPackage[]> {
  const shipped = toolchainPackages(toolchain)
  const wanted = deps.filter((d) => !shipped.has(d.import))
  if (wanted.length === 0) return []
  const platform = condaPlatform(currentHost())!
  // Lasts the run: verification installs the built files from here.
  const dir = await fsp.mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'mojo-dependencies-'))
  const lib = path.join(dir, 'lib')
  await fsp.mkdir(lib, { recursive: true })
  const includes = [lib]
  if (options.externals.length > 0)
    includes.push(await placeExternals(options.externals, path.join(dir, 'external')))
  const chosen = chooseFormat('auto', toolchain.version, await hasPrecompile(toolchain))
  const given = new Set([...shipped, ...options.externals.map((e) => e.import)])
  const fetched = new Map<string, ExternalPackage>()

  /** Compiles the package folder `source` to `output` against everything so far; the first error. */
  const build = async (source: string, cwd: string, output: string) => {
    const args = buildArgs(chosen, path.relative(cwd, source) || '.', output, includes)
    const result = await runMojo(toolchain, args, {
      cwd,
      timeoutMs: options.timeoutMs,
      limitName: 'compile-timeout'
    })
    const log = `${result.stdout}${result.stderr}`
    const error = log.split('\n').find((line) => line.includes('error:')) ?? describeExit(result)
    return { ok: result.code === 0, error: untrusted(error.trim()) }
  }

  const resolve = async (dep: LockedDependency, chain: string[]): Promise<void> => {
    if (fetched.has(dep.import) || given.has(dep.import)) return
    if (chain.includes(dep.import))
      throw failure(dep, `it depends on itself (${[...chain, dep.import].join(' -> ')})`, options.environment)
    try {
      if (dep.kind === 'conda') await fromConda(dep)
      else await fromGit(dep, chain)
    } catch (error) {
      if (error instanceof DependencyError) throw error
      throw failure(dep, (error as Error).message.replace(/\.$/, ''), options.environment)
    }
  }

  const fromConda = async (dep: Extract<LockedDependency, { kind: 'conda' }>) => {
    const dir = await condaMojoFiles(dep.url, dep.sha256)
    const files = (await fsp.readdir(dir)).sort()
    if (files.length === 0) throw new Error('the conda package holds no lib/mojo/*.mojoc or *.mojopkg')
    for (const file of files) {
      const name = file.replace(/\.(mojoc|mojopkg)$/, '')
      if (given.has(name) || fetched.has(name)) continue
      await fsp.copyFile(path.join(dir, file), path.join(lib, file))
      const from = `${dep.file}: ${dep.name} ${dep.version} (${dep.url})`
      fetched.set(name, {
        import: name,
        kind: 'precompiled',
        path: path.join(lib, file),
        from,
        install: installHint(dep)
      })
    }
    // A precompiled file loads only in the compiler that built it: prove it with a package that imports
    // it (named apart, or the import would find the probe itself).
    const probe = path.join(dir, 'probe', dep.import)
    const source = path.join(probe, `mojo_action_probe_${dep.import}`)
    await fsp.mkdir(source, { recursive: true })
    await fsp.writeFile(path.join(source, '__init__.mojo'), `import ${dep.import}\n`)
    const checked = await build(source, probe, path.join(probe, `probe.${chosen.format}`))
    if (!checked.ok) {
      const theirs = builtWith(checked.error) ?? dep.compiler
      throw new Error(
        `it does not load in Mojo ${toolchain.version} (it was built with ${theirs}): lock a build of it ` +
          `for Mojo ${toolchain.version}, or set mojo-version to its compiler (the compiler said: ${checked.error})`
      )
    }
  }

  const fromGit = async (dep: Extract<LockedDependency, { kind: 'git' }>, chain: string[]) => {
    const checkout = path.join(dir, 'git', dep.import)
    const commit = await checkoutGitSource(dep.source, checkout)
    const root = path.join(checkout, dep.source.subdirectory ?? '')
    const source = await packageFolder(root, dep.import)
    if (!source)
      throw new Error(
        `the repository has no single library folder named ${dep.import} (a folder with __init__.mojo ` +
          'outside tests and examples)'
      )
    // The compiler imports the package's siblings too (sources and packages): none may be a link out of
    // the checkout, by the rule the workspace's own sources follow.
    await walkWorkspaceDir(root, source === root ? root : path.dirname(source), 'package source', {
      skip: (name) => name.startsWith('.'),
      take: (name) => isMojoSource(name) || /\.(mojoc|mojopkg)$/.test(name)
    })
    // Its own pixi files may name further dependencies: those come first.
    const { locked, declared } = projectDependencies(root, platform, 'default')
    const imports = await packageImports(root, path.relative(root, source))
    const provided = new Set([...given, ...fetched.keys(), dep.import])
    for (const next of dependenciesToFetch(locked, declared, imports, provided))
      await resolve(next, [...chain, dep.import])
    const output = path.join(lib, `${dep.import}.${chosen.format}`)
    const built = await build(source, root, output)
    if (!built.ok) throw new Error(`it does not build with Mojo ${toolchain.version}: ${built.error}`)
    const from = `${dep.file}: ${dep.name} @ git+${dep.source.url}#${commit}`
    fetched.set(dep.import, {
      import: dep.import,
      kind: 'precompiled',
      path: output,
      from,
      install: installHint(dep, commit)
    })
  }

  for (const dep of wanted) await resolve(dep, [])
  const list = [...fetched.values()]
  if (list.length > 0)
    core.info(
      untrusted(`Fetched Mojo dependencies: ${list.map((e) => `${e.import} (${e.from})`).join(', ')}`)
    )
  return list
}
