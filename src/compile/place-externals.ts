/**
 * External packages (see project/external-packages.ts) laid out in a folder for the import path: each
 * precompiled file under its import name, each source package as a private copy of its sources.
 * The compile stage puts that folder on every package's `-I` path; verification puts one on the clean
 * environment's import path, as where a user's installed packages are found.
 */
import * as core from '@actions/core'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { untrusted } from '../log.js'
import type { ExternalPackage } from '../project/external-packages.js'
import type { Toolchain } from '../types.js'
import { copyMojoTree } from './isolate.js'

/** The toolchain's own packages (`std`, `layout`, ...) by import name. */
export function toolchainPackages(toolchain: Toolchain): Set<string> {
  const lib = path.join(toolchain.root, 'lib', 'mojo')
  const names = fs.existsSync(lib) ? fs.readdirSync(lib) : []
  return new Set(names.map((f) => f.replace(/\.(mojoc|mojopkg)$/, '')))
}

/**
 * The externals this toolchain does not ship itself (a pixi environment's lib/mojo also holds the
 * standard library), logged once.
 */
export function usableExternals(externals: ExternalPackage[], toolchain: Toolchain): ExternalPackage[] {
  const shipped = toolchainPackages(toolchain)
  const usable = externals.filter((e) => !shipped.has(e.import))
  if (usable.length > 0) {
    core.info(untrusted(`External packages: ${usable.map((e) => `${e.import} (${e.from})`).join(', ')}`))
  }
  return usable
}

/** Lays `externals` out in `dir` (created) for the import path; returns `dir`. */
export async function placeExternals(externals: ExternalPackage[], dir: string): Promise<string> {
  await fsp.mkdir(dir, { recursive: true })
  for (const e of externals) {
    if (e.kind === 'source') await copyMojoTree(e.path, path.join(dir, e.import))
    else await fsp.copyFile(e.path, path.join(dir, `${e.import}${path.extname(e.path)}`))
  }
  return dir
}
