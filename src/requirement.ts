/**
 * Python packaging names and requirements, in one place: PEP 503 name normalisation and PEP 508
 * requirement strings, as wheel METADATA (`Requires-Dist`) and pyproject.toml (`dependencies`) write them.
 */

/** PEP 503 name normalisation: `Mojo_Compiler` -> `mojo-compiler`. */
export function normaliseProject(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

export interface Requirement {
  /** Normalised project name. */
  name: string
  /** PEP 440 specifier without spaces, '' for any version. */
  specifier: string
  /** The environment marker after `;`, '' when there is none. */
  marker: string
}

/** `mojo[extras] (>=1.0, <2) ; marker` -> name, specifier and marker; undefined when it is not one. */
export function parseRequirement(text: string): Requirement | undefined {
  const [spec, marker = ''] = text.split(';').map((part) => part.trim())
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?([^)]*)\)?$/.exec(spec)
  return m ? { name: normaliseProject(m[1]), specifier: m[2].replace(/\s+/g, ''), marker } : undefined
}
