/**
 * The bundle: every built package in one `NAME-VERSION.tar.gz`, as `lib/<import>.<ext>` (the installed
 * names), with `install.sh`, `install_verify.sh`, `INSTALL.md` and the license files. Not a parent
 * package holding the sources: with the real compiler, sub-packages that import each other absolutely
 * do not import once nested, and a package built against another needs that one's file beside it;
 * copying all files into one folder does both.
 */
import path from 'node:path'
import { BuildError, InputError } from '../errors.js'
import type { Artifact } from '../types.js'
import { writeEntries } from './archives.js'
import { renderBundleGuide } from './install-guide.js'
import { installedName } from './install-plan.js'
import { diskFile, layout, type LayoutFile } from './layout.js'
import { FOUND_MOJO_VERSION, INSTALL_VERIFY } from './install-verify-script.js'
import type { ChangelogSection } from '../types.js'

export interface BundleOptions {
  /** The `bundle` input, e.g. `ml-odyssey`. */
  name: string
  version: string
  /** The built packages (kind 'package'). */
  packages: Artifact[]
  /** The folder holding the packages' files. */
  packagesDir: string
  outDir: string
  epoch: number
  /** The exact compiler version that built the packages. */
  mojo: string
  /** Names the guide's example imports from each package. */
  symbols?: ReadonlyMap<string, string[]>
  /** install_verify.sh's text, shipped beside install.sh. */
  installVerify?: string
  /** The workspace's license file (at the bundle's root), and packages' own (import name -> file, under `licenses/<import>/`). */
  licenses?: { workspace?: string; packages?: ReadonlyMap<string, string> }
  /** The changelog's section for this version, quoted in the bundle's INSTALL.md. */
  changes?: ChangelogSection
}

interface InstallScriptOptions {
  name: string
  version: string
  mojo: string
  /** Installed file names in `lib/`, e.g. `data.mojoc`. */
  files: string[]
}

/** A POSIX sh script: `./install.sh [DEST]`. File names are import names, so they need no quoting. */
function installScript(options: InstallScriptOptions): string {
  return `#!/bin/sh
# Installs the Mojo packages of ${options.name} ${options.version}, precompiled by Mojo ${options.mojo}.
# usage: ./install.sh [DEST]   (DEST defaults to $MOJO_LIBS, else $HOME/.local/lib/mojo)
set -e
required='${options.mojo}'
case "\${1:-}" in -h | --help)
  sed -n '2,3s/^# //p' "$0"
  exit 0
esac
if [ -n "\${1:-}" ]; then dest=$1
elif [ -n "\${MOJO_LIBS:-}" ]; then dest=$MOJO_LIBS
elif [ -n "\${HOME:-}" ]; then dest=$HOME/.local/lib/mojo
else
  echo 'install.sh: give DEST, or set MOJO_LIBS or HOME' >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# A precompiled package only loads in the compiler version that built it.
if command -v mojo >/dev/null 2>&1; then
  ${FOUND_MOJO_VERSION}
  if [ "$found" != "$required" ]; then
    echo "install.sh: warning: these packages need Mojo $required exactly, but 'mojo --version' reports '\${found:-nothing}'" >&2
  fi
fi
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
for file in ${options.files.join(' ')}; do
  cp "$here/lib/$file" "$dest/$file"
done
echo "Installed ${options.files.join(' ')} into $dest"
echo "Use them with: mojo run -I $dest app.mojo"
`
}

export async function writeBundle(options: BundleOptions): Promise<Artifact> {
  const { name, version, mojo } = options
  // Both end up in file names and in install.sh.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new InputError('bundle', `'${name}' may hold only letters, digits, '.', '_' and '-'.`)
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9.+_-]*$/.test(version) || !/^[A-Za-z0-9.+_-]+$/.test(mojo)) {
    throw new BuildError(`cannot name a bundle after version '${version}' built by Mojo '${mojo}'.`)
  }
  const importOf = (pkg: Artifact): string => pkg.import ?? pkg.name
  const packages = [...options.packages].sort((a, b) => (importOf(a) < importOf(b) ? -1 : 1))
  const imports = packages.map(importOf)
  const files = packages.map((pkg) => installedName(pkg))
  const text = (file: string, mode: number, content: string): LayoutFile => {
    const data = Buffer.from(content)
    return { path: file, mode, size: data.length, source: { data } }
  }
  const libs = await Promise.all(
    packages.map((pkg, i) => diskFile(`lib/${files[i]}`, path.join(options.packagesDir, pkg.file)))
  )
  const root = `${name}-${version}`
  const { installVerify } = options
  const licenses = await licenseEntries(options.licenses ?? {})
  const entries = layout(root, [
    text('install.sh', 0o755, installScript({ name, version, mojo, files })),
    text(
      'INSTALL.md',
      0o644,
      renderBundleGuide({
        name,
        version,
        mojo,
        imports,
        symbols: options.symbols,
        installVerify: !!installVerify,
        changes: options.changes
      })
    ),
    ...(installVerify ? [text(INSTALL_VERIFY, 0o755, installVerify)] : []),
    ...libs,
    ...licenses
  ])
  const target = { kind: 'bundle' as const, name, version, format: 'tar.gz' as const }
  const artifact = await writeEntries(entries, target, options.outDir, options.epoch)
  const licensePaths = licenses.map((l) => `${root}/${l.path}`)
  return {
    ...artifact,
    mojo,
    contents: imports,
    licenses: licensePaths.length > 0 ? licensePaths : undefined
  }
}

function licenseEntries(licenses: NonNullable<BundleOptions['licenses']>): Promise<LayoutFile[]> {
  const own = [...(licenses.packages ?? [])].map(([name, file]) =>
    diskFile(`licenses/${name}/${path.basename(file)}`, file)
  )
  const workspace = licenses.workspace
  return Promise.all(workspace ? [diskFile(path.basename(workspace), workspace), ...own] : own)
}
