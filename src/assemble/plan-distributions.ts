/**
 * The installable forms of the built packages (wheels; conda packages): one Distribution per package,
 * from its spec and its precompiled file, plus one for the bundle, then written by each format's writer.
 */
import path from 'node:path'
import type { PackageSpec } from '../project/package-spec.js'
import type { Artifact } from '../types.js'
import { fileDigest } from '../digest.js'
import { condaLicensePath } from './conda-package.js'
import type { Distribution } from './distribution.js'
import { packageFormat } from './install-plan.js'
import { licenseFileOf, type Licensing } from '../project/license-file.js'
import { wheelLicensePath } from './wheel.js'
import { workspaceOf } from '../project/discover.js'
import { readReadme } from '../project/readme.js'

interface DistributionsOptions {
  specs: PackageSpec[]
  /** The precompiled packages, in `staging`. */
  packages: Artifact[]
  staging: string
  mojo: string
  epoch: number
  /** The bundle's name and version, or none. */
  bundle?: { name: string; version: string }
  /** The workspace's license and license file: the bundle's, and the file of a package without its own. */
  licensing: Licensing
}

const plainText = (text?: string): Distribution['readme'] =>
  text === undefined ? undefined : { text: `${text}\n`, contentType: 'text/plain' }

/** Each package's Distribution (its precompiled file from `packages`), then the bundle's. */
interface Planned {
  dist: Distribution
  /** The package's spec; absent for the bundle. */
  spec?: PackageSpec
  /** Import names it installs: the package's own, or every package's for the bundle. */
  imports: string[]
}

export async function distributions(options: DistributionsOptions): Promise<Planned[]> {
  const { specs, mojo, epoch } = options
  const byImport = new Map(specs.map((s) => [s.import, s]))
  const found: Planned[] = []
  for (const artifact of options.packages) {
    const spec = byImport.get(artifact.import ?? artifact.name)!
    found.push({
      spec,
      imports: [spec.import],
      dist: {
        name: spec.name,
        version: spec.version,
        package: {
          import: spec.import,
          file: path.join(options.staging, artifact.file),
          format: packageFormat(artifact.file)
        },
        summary: spec.description,
        license: spec.license,
        licenseFile: licenseFileOf(spec, options.licensing),
        // PyPI and `twine check` want a description: the package's README, else its one-line summary.
        readme: (await readReadme(workspaceOf(spec), spec.relDir)) ?? plainText(spec.description),
        mojo,
        requires: spec.dependencies.map((d) => ({
          name: byImport.get(d)!.name,
          version: byImport.get(d)!.version
        })),
        epoch
      }
    })
  }
  if (options.bundle) {
    const summary = `Every package of ${options.bundle.name}: ${specs.map((s) => s.import).join(', ')}.`
    found.push({
      imports: specs.map((s) => s.import),
      dist: {
        ...options.bundle,
        summary,
        license: options.licensing.license,
        licenseFile: options.licensing.licenseFile,
        readme: plainText(summary),
        mojo,
        requires: specs.map((s) => ({ name: s.name, version: s.version })),
        epoch
      }
    })
  }
  return found
}

/** The artifact a distribution's file is recorded as. */
export async function distributionArtifact(
  kind: 'wheel' | 'conda',
  file: string,
  planned: Planned
): Promise<Artifact> {
  const { dist, spec } = planned
  const license = (kind === 'wheel' ? wheelLicensePath : condaLicensePath)(dist)
  return {
    kind,
    name: dist.name,
    version: dist.version,
    file: path.basename(file),
    ...(await fileDigest(file)),
    import: dist.package?.import,
    distribution: dist.name,
    mojo: dist.mojo,
    dependencies: spec?.dependencies,
    mojoToml: spec?.mojoToml,
    licenses: license ? [license] : undefined,
    // A bundle installs every package: its contents are their import names, as for the tar.gz bundle.
    contents: dist.package ? undefined : planned.imports
  }
}
