/**
 * The layout corpus: public Mojo repositories, each reduced to a fixture of its shape in
 * `__tests__/fixtures/corpus/<fixture>/` (manifests trimmed to what matters, the Modular packages of one
 * platform cut from the real lock, the folder skeleton, and Mojo of our own in each package). For each,
 * discovery and the compiler choice run as the action runs them with default inputs on a linux-x64 runner,
 * and give what a user of that repository expects: the folder they import, under the name they import it
 * by, and the compiler their lock pins; or an error that names the fix.
 *
 *   fixture               repository                     commit
 *   mojmelo               Agnij-Moitra/Mojmelo           3e27ecb8756255d942a11a6998531af811e3331a
 *   ish                   BioRadOpenSource/ish           304233bc80b14c18f6f1497d17116d2328d2474f
 *   mojo-dotenv           DataBooth/mojo-dotenv          ca587fa37ccf77382f320156198b99ec3d15eea5
 *   mojo-ini              DataBooth/mojo-ini             8ed9a62a3779b9bcc1df4716a9b32ac0e178c896
 *   quojo                 Deftioon/Quojo                 90ed4f23feb028c32b759c4ea64649c8832ca81a
 *   extramojo             ExtraMojo/ExtraMojo            6515711dbeb109779fc99007273793d55449e325
 *   combustui             Hammad-hab/CombustUI           c95e1d69862f9b0f33881509f3fbcb1e710d607f
 *   rxmojo                Hundo1018/RxMojo               893794b796b90b13115fceae9e76de09cad7793d
 *   strata                IbarraSamuel/strata            49ebff6111180db8f5864544ec5a88f069a802d8
 *   lightbug-api          Lightbug-HQ/lightbug_api       ed8a045dd52ce972ebf5f5df4b0973be98156b99
 *   pyre                  Lightbug-HQ/pyre               5582a65890c6ace7b65d075fa4636d93353f70c8
 *   mosaad-json           Mosaad-M/json                  f386124c21973a4cf40663f3dd530e853559f37a
 *   mojo-pkg              Mosaad-M/mojo-pkg              d48d9ea3d1a047b2d89d701cc8e87ebbc9eaf1c2
 *   tls                   Mosaad-M/tls                   5fc810759ad7c2c2dbb67c0b293702cf29eba347
 *   mosaad-url            Mosaad-M/url                   cffaef20b7c94b9a9428704993d9fe42d75751b5
 *   mojo-csv              Phelsong/mojo_csv              94a88c81329578470632e6ea935b6b866cd90631
 *   mojo-utils            Phelsong/mojo_utils            ef5a40557cb79e34f422e7585d2ec1fae8edbfd0
 *   fire-physics          RyanLeber/fire-physics-engine  bd5354e0882153c59bd51a021af6fd601f9b9717
 *   sdl-bindings          Ryul0rd/sdl-bindings           7d7e46dc1c9fbb436f667c70de3e1fac39b740a2
 *   thealgorithms         TheAlgorithms/Mojo             de31759cab02892cb7ccc7767d97fc000b10fcae
 *   geokernel             Tokarzewski/geokernel          226c6b2b8470cd8b851a9d8ee01f46ba0127abb9
 *   raylib                andresnowak/raylib-mojo        70559f1ddf5f49559c0d56662bb5f0656c284cd2
 *   mojofix               asdrubale88/mojofix            8183bb75d5b590d7fb770c7040e3287d6c8a9a5e
 *   varintjo              jymchng/varintjo               cddc2845341783144ff0793e8aff9ea26ffdd325
 *   pixi-build-mojo-test  sstadick/pixi-build-mojo-test  9ac7b052e704c3b7f4424d520e8aad94ee9b14c9
 */
import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ProjectFileError } from '../../src/errors.js'
import type { Host } from '../../src/host.js'
import { compilerPin } from '../../src/project/compiler-pin.js'
import { loadProject } from '../../src/project/project.js'
import { withStdout } from '../support/stdout.js'

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'corpus')
const linux: Host = { platform: 'linux', arch: 'x64' }

/** A package as a user sees it: folder, import name, distribution name, version, and the rule's words. */
type Pkg = [relDir: string, imports: string, distribution: string, version: string, rule: string]

interface Case {
  fixture: string
  /** The packages a default run builds (none: a setup step), or the error that names the fix. */
  packages: Pkg[] | RegExp
  /** The compiler version and where it was read, `latest`, or the error that names the fix. */
  pin: [version: string, origin: string] | 'latest' | RegExp
  host?: Host
}

/** What a magic-era project gets: max before 25.6 shipped no Mojo on PyPI, so mojo-version is the fix. */
const oldMax = (version: string): RegExp =>
  new RegExp(`max-core ${version.replace(/\./g, '\\.')} locked in magic\\.lock.*set mojo-version`)

const CASES: Case[] = [
  // No manifest: nothing says the folder is a release or what version it is.
  {
    fixture: 'mojmelo',
    packages: /^mojmelo: .*no name and version.*packages: mojmelo with version: 0\.1\.0/,
    pin: 'latest'
  },
  // The recipe packages ./ishlib into ishlib.mojopkg: code imports ishlib; the package is ish 1.4.0.
  {
    fixture: 'ish',
    packages: [['ishlib', 'ishlib', 'ish', '1.4.0', "recipe.yaml's build script"]],
    pin: ['0.25.6.1', 'pixi.lock, locked for linux-64']
  },
  {
    fixture: 'mojo-dotenv',
    packages: [['src/dotenv', 'dotenv', 'mojo-dotenv', '0.2.1', 'a pixi.toml task packages']],
    pin: ['0.26.1.0.dev2026010517', 'pixi.lock']
  },
  {
    fixture: 'mojo-ini',
    packages: [['src/ini', 'ini', 'mojo-ini', '0.2.0', 'a pixi.toml task packages']],
    pin: ['0.26.1.0.dev2026011220', 'pixi.lock']
  },
  {
    fixture: 'quojo',
    packages: [
      ['quojo-mojo/quojo', 'quojo', 'Quojo', '0.1.0', "only library folder of mojoproject.toml's project"]
    ],
    pin: oldMax('24.6.0')
  },
  // The recipe names a folder that no longer exists; pixi.lock wins over the older magic.lock.
  {
    fixture: 'extramojo',
    packages: [['extramojo', 'extramojo', 'extramojo', '0.20.1', 'a pixi.toml task packages']],
    pin: ['0.26.2.0', 'pixi.lock, locked for linux-64']
  },
  // Locked for osx-arm64 only: on Linux the manifest's range decides, on a Mac the lock does.
  {
    fixture: 'combustui',
    packages: [['mjui', 'mjui', 'CombustUI-Mojo', '0.1.0', "only library folder of pixi.toml's workspace"]],
    pin: ['0.25.7.0', 'pixi.toml [dependencies] modular = ">=25.4.0,<26"']
  },
  {
    fixture: 'combustui',
    host: { platform: 'darwin', arch: 'arm64' },
    packages: [['mjui', 'mjui', 'CombustUI-Mojo', '0.1.0', "only library folder of pixi.toml's workspace"]],
    pin: /max-core 25\.4\.0 locked in magic\.lock for osx-arm64.*set mojo-version/
  },
  // An app of loose modules: no library, a setup step; its lock still decides the compiler.
  { fixture: 'rxmojo', packages: [], pin: oldMax('24.6.0') },
  {
    fixture: 'strata',
    packages: [['src', 'strata', 'strata', '0.0.1', 'a pixi.toml task packages']],
    pin: ['1.0.0b3.dev2026080406', 'pixi.lock, locked for linux-64']
  },
  {
    fixture: 'lightbug-api',
    packages: [['lightbug_api', 'lightbug_api', 'lightbug_api', '0.1.1', "named after pixi.toml's package"]],
    pin: ['0.26.2.0', 'pixi.lock']
  },
  {
    fixture: 'pyre',
    packages: [['pyre', 'pyre', 'pyre', '0.1.0', "named after mojoproject.toml's project"]],
    pin: oldMax('24.6.0')
  },
  // A single-module library (json.mojo, no package folder) gives mojo precompile nothing to package.
  // A library that is one module named after the project: no folder to package, so the fix is named.
  {
    fixture: 'mosaad-json',
    packages: /^json\.mojo: .*Mojo packages are folders.*Move it to json\/__init__\.mojo/,
    pin: ['0.26.2.0', 'pixi.lock']
  },
  {
    fixture: 'mosaad-url',
    packages: /^url\.mojo: .*Move it to url\/__init__\.mojo/,
    pin: ['0.26.2.0', 'pixi.lock']
  },
  { fixture: 'mojo-pkg', packages: [], pin: ['0.26.2.0', 'pixi.lock'] },
  // tls imports crypto: both are built; x509 is a library nobody here imports.
  {
    fixture: 'tls',
    packages: [
      ['crypto', 'crypto', 'crypto', '0.1.0', 'imported by tls'],
      ['tls', 'tls', 'tls', '0.1.0', "named after pixi.toml's workspace"]
    ],
    pin: ['0.26.2.0', 'pixi.lock']
  },
  {
    fixture: 'mojo-csv',
    packages: [['src', 'mojo_csv', 'mojo_csv', '1.6.1', 'a pixi.toml task packages']],
    pin: ['0.26.2.0', 'pixi.lock']
  },
  {
    fixture: 'mojo-utils',
    packages: [
      [
        'modules/find_substring',
        'find_substring',
        'mojo_scratch',
        '0.1.1',
        "only library folder of mojoproject.toml's project"
      ]
    ],
    pin: oldMax('25.1.1')
  },
  // src/ is the package, named after the project as pixi-build-mojo names it.
  {
    fixture: 'fire-physics',
    packages: [
      ['src', 'fire_physics_engine', 'fire-physics-engine', '0.1.0', 'named after mojoproject.toml']
    ],
    pin: oldMax('24.5.0')
  },
  // Its task packages src as sdl.mojopkg, and its example imports sdl.
  {
    fixture: 'sdl-bindings',
    packages: [['src', 'sdl', 'sdl-bindings', '0.1.0', 'a mojoproject.toml task packages']],
    pin: oldMax('24.5.0')
  },
  { fixture: 'thealgorithms', packages: [], pin: oldMax('24.5.0') },
  // The library named after the project, not the viewer app beside it.
  {
    fixture: 'geokernel',
    packages: [['src/geokernel', 'geokernel', 'geokernel', '0.1.0', "named after pixi.toml's workspace"]],
    pin: ['0.26.3.0.dev2026032218', 'pixi.lock']
  },
  {
    fixture: 'raylib',
    packages: /^raylib: .*no name and version.*packages: raylib with version: 0\.1\.0/,
    pin: 'latest'
  },
  // pixi.toml is the pixi manifest; the mojoproject.toml beside it is another tool's.
  {
    fixture: 'mojofix',
    packages: [['src/mojofix', 'mojofix', 'mojofix', '1.0.0', "named after pixi.toml's workspace"]],
    pin: ['0.26.1.0.dev2025122805', 'pixi.lock']
  },
  {
    fixture: 'varintjo',
    packages: [['src', 'funjo', 'funjo', '0.1.0', "named after mojo.toml's package"]],
    pin: 'latest'
  },
  {
    fixture: 'pixi-build-mojo-test',
    packages: [['greetings', 'greetings', 'greetings', '0.1.0', 'pkg] name greetings']],
    pin: /max = "=25\.4\.0": no max release.*set mojo-version/
  }
]

describe.each(CASES)('$fixture', ({ fixture, packages, pin, host = linux }) => {
  const workspace = path.join(CORPUS, fixture)

  it(`finds ${Array.isArray(packages) ? packages.map((p) => p[1]).join(', ') || 'no library' : 'no package, naming the fix'}`, async () => {
    const run = await withStdout(() =>
      loadProject({ workspace, packages: [], outputDir: 'dist', version: '', checkTag: false }, {})
    )
    if (packages instanceof RegExp) {
      expect(run.error).toBeInstanceOf(ProjectFileError)
      expect((run.error as Error).message).toMatch(packages)
      return
    }
    expect(run.error).toBeUndefined()
    const found = run.result!.packages.map((p) => [p.relDir, p.import, p.name, p.version])
    expect(found).toEqual(
      packages.map(([relDir, imports, name, version]) => [relDir, imports, name, version])
    )
    for (const [relDir, imports, , , rule] of packages) {
      expect(run.stdout).toMatch(
        new RegExp(`^${imports} \\(${relDir}\\): .*${rule.replace(/[.*[\]()]/g, '\\$&')}`, 'm')
      )
    }
  })

  it(`builds with ${pin instanceof RegExp ? 'no compiler, naming the fix' : pin === 'latest' ? 'the latest Mojo' : `Mojo ${pin[0]}`} on ${host.platform}-${host.arch}`, async () => {
    const run = await withStdout(async () =>
      compilerPin({ workspace, mojoVersion: '', mojoVersionFile: '', pixiEnvironment: '' }, host)
    )
    if (pin instanceof RegExp) {
      expect(run.error).toBeInstanceOf(ProjectFileError)
      expect((run.error as Error).message).toMatch(pin)
    } else if (pin === 'latest') {
      expect(run.result).toEqual({
        request: { kind: 'latest' },
        origin: expect.stringMatching(/^the default/)
      })
    } else {
      expect(run.result?.request).toEqual({ kind: 'exact', version: pin[0] })
      expect(run.result?.origin).toContain(pin[1])
    }
  })
})
