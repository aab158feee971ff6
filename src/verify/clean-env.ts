/**
 * The clean environment every verification runs in. A clean environment is:
 * - a fresh folder from `mkdtemp` under the system temp folder, never inside the workspace, holding
 *   `download/` (the artifact files as a user downloads them; the install commands run here),
 *   `work/` (the cwd of the check: the installed `lib/` and the check program, nothing else),
 *   `home/` (a fresh HOME) and `tmp/` (TMPDIR);
 * - a child environment built from scratch, never inherited: the toolchain's driver variables with the
 *   import path limited to the toolchain's own standard library, PATH limited to the system folders
 *   (plus the folder of `cc`, the linker `mojo` may call), HOME, TMPDIR and a UTF-8 C locale.
 *   So no GITHUB_TOKEN, no ACTIONS_* token, no MODULAR_* setting of the runner reaches the child (made
 *   with child-env.ts's `ownEnv`: nothing inherited, not even the allow-list the compile gets). The
 *   one thing shared between checks is the compiler's own cache (`MODULAR_CACHE_DIR`, among the driver
 *   variables: see toolchain/compile-cache.ts), which holds compiled code keyed by its inputs, no package.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ownEnv, type ChildEnv } from '../child-env.js'
import { VerifyError } from '../errors.js'
import type { Toolchain } from '../types.js'

export interface CleanDirs {
  /** The `mkdtemp` folder; removing it removes everything below. */
  root: string
  /** Where the artifact files are copied and the install commands run. */
  download: string
  /** The cwd of the check program: starts empty. */
  work: string
  home: string
  tmp: string
}

/** Enough for /bin/sh, cp, env and friends; /usr/local/bin (runner-installed tools) stays out. */
const SYSTEM_DIRS = ['/usr/bin', '/bin']

/** The folder holding `cc` on the parent's PATH, if any. */
export function ccDir(parentPath = process.env.PATH ?? ''): string | undefined {
  return parentPath
    .split(path.delimiter)
    .filter((dir) => path.isAbsolute(dir))
    .find((dir) => {
      try {
        fs.accessSync(path.join(dir, 'cc'), fs.constants.X_OK)
        return true
      } catch {
        return false
      }
    })
}

/**
 * The child environment for `dirs`. `extraPath` folders come first on PATH (the toolchain's `bin` for
 * verify-commands). Pure apart from its inputs: `cc` is looked up by the caller.
 */
export function cleanEnv(
  toolchain: Toolchain,
  dirs: Pick<CleanDirs, 'home' | 'tmp'>,
  options: { cc?: string; extraPath?: string[]; importPath?: string[] } = {}
): ChildEnv {
  const inside = (p: string): boolean => !path.relative(toolchain.root, p).startsWith('..')
  const stdlib = (toolchain.env.MODULAR_MOJO_MAX_IMPORT_PATH ?? '')
    .split(',')
    .filter((p) => p !== '' && path.isAbsolute(p) && inside(p))
  const pathDirs = [...(options.extraPath ?? []), ...SYSTEM_DIRS]
  if (options.cc && !pathDirs.includes(options.cc)) pathDirs.push(options.cc)
  return ownEnv({
    ...toolchain.env,
    MODULAR_MOJO_MAX_IMPORT_PATH: [
      ...(stdlib.length > 0 ? stdlib : [path.join(toolchain.root, 'lib', 'mojo')]),
      ...(options.importPath ?? [])
    ].join(','),
    MODULAR_CRASH_REPORTING_ENABLED: 'false',
    MODULAR_TELEMETRY_ENABLED: 'false',
    PATH: pathDirs.join(path.delimiter),
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8'
  })
}

/** Creates a clean folder set; refuses one that would sit inside the workspace (it would see the sources). */
export function makeCleanDirs(workspace: string, base = os.tmpdir()): CleanDirs {
  const root = fs.mkdtempSync(path.join(fs.realpathSync(base), 'mojo-verify-'))
  const fromWorkspace = path.relative(fs.realpathSync(workspace), root)
  if (!fromWorkspace.startsWith('..') && !path.isAbsolute(fromWorkspace)) {
    fs.rmSync(root, { recursive: true, force: true })
    throw new VerifyError(
      `the temp folder ${base} is inside the workspace ${workspace}: a clean environment must not see the sources. Set TMPDIR to a folder outside the workspace.`
    )
  }
  const dirs = {
    root,
    download: path.join(root, 'download'),
    work: path.join(root, 'work'),
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp')
  }
  for (const dir of [dirs.download, dirs.work, dirs.home, dirs.tmp]) fs.mkdirSync(dir)
  return dirs
}
