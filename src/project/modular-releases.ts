/**
 * The Mojo compiler each Modular platform release ships, for projects that get Mojo through `modular`
 * or `max` instead of naming `mojo`/`mojo-compiler`. Read from Modular's published metadata: each
 * `modular` wheel on PyPI requires one `mojo==<version>` (`pip install --dry-run --no-deps --report -
 * modular==26.7.0` shows `Requires-Dist: mojo==1.2.0`), and `max` is released in lockstep with
 * `modular` under the same version. Releases before 25.6 shipped no Mojo wheel on PyPI.
 */
import * as pep440 from '@renovatebot/pep440'

const MOJO_OF_MODULAR: ReadonlyArray<[modular: string, mojo: string]> = [
  ['26.7.0', '1.2.0'],
  ['26.6.0', '1.1.0'],
  ['26.5.0', '1.0.0'],
  ['26.4.0', '1.0.0b2'],
  ['26.3.0', '1.0.0b1'],
  ['26.2.0', '0.26.2.0'],
  ['26.1.0', '0.26.1.0'],
  ['25.7.0', '0.25.7.0'],
  ['25.6.1', '0.25.6.1'],
  ['25.6.0', '0.25.6.0']
]

/** The newest known release matching a PEP 440 specifier ('' for any) and the Mojo it ships. */
export function mojoOfModular(specifier: string): { modular: string; mojo: string } | undefined {
  const found = MOJO_OF_MODULAR.find(([modular]) => specifier === '' || pep440.satisfies(modular, specifier))
  return found && { modular: found[0], mojo: found[1] }
}

/** The oldest and newest releases this table knows, for messages. */
export const KNOWN_MODULAR_RELEASES = `${MOJO_OF_MODULAR.at(-1)![0]} to ${MOJO_OF_MODULAR[0][0]}`
