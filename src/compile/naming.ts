/**
 * File names of built packages. The compiler bakes the `-o` file name into the package as its import
 * name (`-o data-0.1.0.mojoc` makes a package called `data-0.1.0` that no code can import, and renaming
 * it afterwards crashes the compiler). So every package is compiled as `<import>.<ext>`, shipped
 * versioned as `<import>-<version>.<ext>` (the same bytes), and installed under its import name again.
 */
import type { PackageFormat } from '../types.js'

/** The name the compiler must write and the installed file must have: `data.mojoc`. */
export function installedFileName(importAs: string, format: PackageFormat): string {
  return `${importAs}.${format}`
}

/** The versioned name in the output folder: `data-0.1.0.mojoc`. */
export function distFileName(importAs: string, version: string, format: PackageFormat): string {
  return `${importAs}-${version}.${format}`
}
