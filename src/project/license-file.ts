/**
 * The license file a package or the workspace ships: the file its manifest names in `license-file`
 * (pixi's key; this action's mojo.toml takes it too), else the first LICENSE-like file in its folder
 * (LICENSE, LICENCE or COPYING, bare or with .md, .txt or .rst, in any case). Only files of the
 * repository ship: a link resolving outside it is refused, as for every file the action reads.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { ProjectFileError } from '../errors.js'
import { untrusted } from '../log.js'
import type { PackageSpec, Project } from './package-spec.js'
import { workspaceFile } from '../workspace-files.js'

const LICENSE_NAME = /^(licen[cs]e|copying)(\.(md|txt|rst))?$/i

/** The name it ships under (wheel RECORD, conda info/licenses, archive roots): a plain file name. */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/** LICENSE before LICENCE before COPYING, and a bare name before one with an extension. */
function rank(name: string): string {
  return `${/^copying/i.test(name) ? 1 : 0}${name.includes('.') ? 1 : 0}${name}`
}

/** `license-file` as a manifest writes it (relative to the manifest's folder), and that manifest. */
export interface DeclaredLicenseFile {
  value: string
  /** Workspace-relative, e.g. `shared/data/mojo.toml` or `pixi.toml`. */
  manifest: string
}

/** Why `file` cannot ship, or undefined; one that links out of the repository throws (workspace-files.ts). */
function problemOf(root: string, file: string, what: string): string | undefined {
  if (workspaceFile(root, file, what) === undefined) return 'is not a file in the workspace'
  if (!PLAIN_NAME.test(path.basename(file))) return "has a name other than letters, digits, '.', '_' and '-'"
  return undefined
}

/** Absolute path of the license file in `dir` (a package folder, or `root` itself), or undefined. */
export async function findLicenseFile(
  root: string,
  dir: string,
  declared?: DeclaredLicenseFile
): Promise<string | undefined> {
  if (declared !== undefined) {
    const file = path.resolve(root, path.dirname(declared.manifest), declared.value)
    const problem = problemOf(root, file, `license-file of ${declared.manifest}`)
    if (problem !== undefined) {
      throw new ProjectFileError(
        declared.manifest,
        `license-file '${untrusted(declared.value)}' ${problem}: name the file holding the license text, ` +
          'relative to this manifest (without the key, a LICENSE file in the package folder or the workspace root is used).'
      )
    }
    return file
  }
  const names = (await fs.readdir(dir)).filter((name) => LICENSE_NAME.test(name))
  for (const name of names.sort((a, b) => (rank(a) < rank(b) ? -1 : 1))) {
    const file = path.join(dir, name)
    if (workspaceFile(root, file, 'license file') !== undefined) return file
  }
  return undefined
}

/** What the workspace says for every package: its license, license file and manifest. */
export type Licensing = Pick<Project, 'license' | 'licenseFile' | 'manifest'>

/** The license file a package ships: its own, else the workspace's. */
export const licenseFileOf = (spec: PackageSpec, licensing: Licensing): string | undefined =>
  spec.licenseFile ?? licensing.licenseFile
