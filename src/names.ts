/**
 * Naming rules shared by the stages, each in one place: Mojo identifiers, package names and the
 * archive names the `archives` and `verify-commands` inputs and the built files use.
 */

/** A Mojo identifier: what `from pkg import Symbol` and `import pkg` accept. */
export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text)
}

/** A package name as mojo.toml and pixi.toml write it: an identifier that may also hold `-` and `.`. */
export function isPackageName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(text)
}

/** Turns a package name (`odyssey-utils`) into the Mojo import name (`odyssey_utils`). */
export function importName(name: string): string {
  return name.replace(/[-.]/g, '_')
}

export type ArchiveFormat = 'tar.gz' | 'zip'

/** The extensions an archive may be named with, longest first. */
const ARCHIVE_EXTENSIONS: Array<[string, ArchiveFormat]> = [
  ['.tar.gz', 'tar.gz'],
  ['.tgz', 'tar.gz'],
  ['.zip', 'zip']
]

/** `benchmarks.zip` -> { name: 'benchmarks', format: 'zip' }; no extension -> undefined format. */
export function splitArchiveName(file: string): { name: string; format?: ArchiveFormat } {
  const found = ARCHIVE_EXTENSIONS.find(([ext]) => file.endsWith(ext))
  return found ? { name: file.slice(0, -found[0].length), format: found[1] } : { name: file }
}

/** The format of an archive file, by its extension. */
export function archiveFormat(file: string): ArchiveFormat | undefined {
  return splitArchiveName(file).format
}
