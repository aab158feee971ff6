/**
 * INSTALL.md: the steps a user follows for every artifact, rendered from the install plans that the
 * verify stage runs. The bundle carries a shorter guide of its own for after extraction.
 */
import path from 'node:path'
import type { ChangelogSection } from '../types.js'
import type { ExternalPackage } from '../project/external-packages.js'
import type { Artifact } from '../types.js'
import { INSTALL_VERIFY } from './install-verify-script.js'
import {
  CHECKSUM_COMMAND,
  DEFAULT_LIB_DIR,
  installedName,
  installPlan,
  installLines,
  shellLine,
  type InstallPlan,
  type Usage,
  usageOf
} from './install-plan.js'
import { writeFileAtomic } from '../workspace-files.js'

interface GuideOptions {
  /** The workspace's name and version, for the title. */
  name: string
  version: string
  /** The exact compiler version that built the packages. */
  mojo: string
  artifacts: Artifact[]
  /** Names the examples import from each package (by import name). */
  symbols?: ReadonlyMap<string, string[]>
  /** Packages the built ones import that are not shipped here. */
  externals?: ExternalPackage[]
  /** The changelog's section for this version (a tag build's). */
  changes?: ChangelogSection
}

/** The changelog's section, as it is written, under a heading of the guide's. */
function changesSection(changes: ChangelogSection, version: string): string {
  return [`## What changed in ${version}`, `From \`${changes.file}\`:`, changes.body].join('\n\n')
}

function externalsSection(externals: ExternalPackage[]): string {
  return [
    '## Also needed',
    'These packages import packages that are not shipped here. Install them first, the way you get them ' +
      '(their conda package, or their `.mojoc` in a folder on the import path), for the same Mojo version:',
    externals
      .map(
        (e) => `- \`${e.import}\` (built against the one from ${e.from})${e.install ? `: ${e.install}` : ''}`
      )
      .join('\n')
  ].join('\n\n')
}

/** What install_verify.sh does, for both guides. */
const INSTALL_VERIFY_USE =
  `\`${INSTALL_VERIFY}\` checks your install: for each package, from an empty folder, it runs the import ` +
  "check this release's verification ran (the package and the names it exports) with the `mojo` on your " +
  'PATH, prints each result and exits non-zero when one fails.'

const fence = (lang: string, body: string): string => `\`\`\`${lang}\n${body.replace(/\n$/, '')}\n\`\`\``

function compilerSection(mojo: string): string {
  const nightly = /dev/.test(mojo) ? ' --index-url https://whl.modular.com/nightly/simple/' : ''
  return [
    `## Use exactly Mojo ${mojo}`,
    `The packages were precompiled by Mojo ${mojo}, and a precompiled Mojo package only loads in the ` +
      'compiler version that built it: no other version, older or newer, loads it. Install that exact ' +
      'version, for example:',
    fence('sh', `pip install${nightly} "mojo==${mojo}"\nmojo --version   # must print: Mojo ${mojo} (...)`)
  ].join('\n\n')
}

function usageSection(usage: Usage): string {
  return [
    `Then save this as \`${usage.program.file}\`:`,
    fence('mojo', usage.program.text),
    usage.mojo ? 'and run it:' : 'and run it with the folder on the import path:',
    fence('sh', shellLine([usage.mojo ?? 'mojo', ...usage.mojoArgs]))
  ].join('\n\n')
}

function artifactSection(artifact: Artifact, plan: InstallPlan): string {
  const title = `### ${artifact.kind[0].toUpperCase()}${artifact.kind.slice(1)} \`${artifact.name}\` ${artifact.version}`
  const file = `File \`${artifact.file}\`, sha256 \`${artifact.sha256}\`.`
  const commands = fence('sh', installLines(plan).join('\n'))
  switch (plan.kind) {
    case 'package': {
      const needs = plan.copy.slice(0, -1).map((c) => `\`${c.from}\``)
      const beside =
        needs.length > 0
          ? ` It was built against ${needs.join(', ')}, which must be installed beside it: the commands ` +
            'below install them together.'
          : ''
      const named =
        `Install it as \`${installedName(artifact)}\`: the compiler finds a package by that name, so keep it ` +
        `exactly (in the folder you pass to \`-I\`).${beside}`
      return [title, `${file} ${named}`, commands, usageSection(plan.usage)].join('\n\n')
    }
    case 'source': {
      const needs = plan.downloads.slice(0, -1).map((d) => `\`${d}\``)
      const beside =
        needs.length > 0 ? ` It imports ${needs.join(', ')}: the commands below extract them too.` : ''
      const why =
        'The Mojo sources, for a compiler other than the one the precompiled files need: extract them ' +
        `into a folder you pass to \`-I\`; the compiler builds them when your program imports them.${beside}`
      return [title, `${file} ${why}`, commands, usageSection(plan.usage)].join('\n\n')
    }
    case 'wheel': {
      const what = plan.usage.imports.length === 1 ? 'the package' : 'every package'
      const how =
        `pip installs ${what} into a virtual environment with exactly the \`mojo-compiler\` it needs, and the ` +
        "environment's own `mojo` imports it with no `-I`. Keep the other wheels listed here in the same folder " +
        '(`--find-links .`); with uv: `uv venv .venv && uv pip install --python .venv --find-links . ' +
        `${plan.install[1].at(-1)}\`.`
      return [title, `${file} ${how}`, commands, usageSection(plan.usage)].join('\n\n')
    }
    case 'conda': {
      const what = plan.usage.imports.length === 1 ? 'the package' : 'every package'
      const how =
        `A conda package for pixi: it puts ${what} in the environment's \`lib/mojo\`, beside the standard library ` +
        'of the exact `mojo-compiler` it depends on (from `https://conda.modular.com/max` in your workspace ' +
        "channels), so the environment's `mojo` imports it with no `-I`. From the download folder, add it and " +
        'the packages it needs (pixi takes the absolute path of a `.conda` file):'
      return [
        title,
        `${file} ${how}`,
        commands,
        `Then save this as \`${plan.usage.program.file}\`:`,
        fence('mojo', plan.usage.program.text),
        'and run it in the environment:',
        fence('sh', 'pixi run mojo run app.mojo')
      ].join('\n\n')
    }
    case 'bundle':
      return [
        title,
        `${file} It holds the packages ${plan.usage.imports.map((i) => `\`${i}\``).join(', ')} and \`install.sh\`, ` +
          `which copies them into the folder given as its argument (default: \`$MOJO_LIBS\`, else ` +
          `\`${DEFAULT_LIB_DIR}\`) and warns when \`mojo --version\` is not ${artifact.mojo}.`,
        commands,
        usageSection(plan.usage)
      ].join('\n\n')
    case 'archive':
      return [title, `${file} It extracts into \`${plan.extractsTo}/\`:`, commands].join('\n\n')
    case 'script':
      return [
        title,
        `${file} ${INSTALL_VERIFY_USE} Run it from the download folder after installing, the way you installed ` +
          `(\`-p PACKAGE\` checks only that package):`,
        fence('sh', plan.runs.map((r) => r.line).join('\n'))
      ].join('\n\n')
  }
}

export function renderInstallGuide(options: GuideOptions): string {
  const plans = options.artifacts.map((a) => installPlan(a, options.artifacts, { symbols: options.symbols }))
  const needsCompiler = options.artifacts.some((a) => a.kind !== 'archive')
  const table = [
    '| File | sha256 | Size (bytes) |',
    '| --- | --- | --- |',
    ...options.artifacts.map((a) => `| \`${a.file}\` | \`${a.sha256}\` | ${a.size} |`)
  ].join('\n')
  return (
    [
      `# Installing ${options.name} ${options.version}`,
      ...(options.changes ? [changesSection(options.changes, options.version)] : []),
      ...(needsCompiler ? [compilerSection(options.mojo)] : []),
      ...(options.externals?.length ? [externalsSection(options.externals)] : []),
      '## Download and check',
      'Download the files you need and `SHA256SUMS` into one folder, and check them there:',
      fence('sh', shellLine(CHECKSUM_COMMAND)),
      table,
      '## Install',
      'Run the commands in the download folder.',
      ...options.artifacts.map((a, i) => artifactSection(a, plans[i]))
    ].join('\n\n') + '\n'
  )
}

export async function writeInstallGuide(outDir: string, options: GuideOptions): Promise<void> {
  await writeFileAtomic(path.join(outDir, 'INSTALL.md'), renderInstallGuide(options))
}

interface BundleGuideOptions {
  name: string
  version: string
  mojo: string
  /** Import names of the packages in `lib/`. */
  imports: string[]
  symbols?: ReadonlyMap<string, string[]>
  /** Whether install_verify.sh is beside it. */
  installVerify?: boolean
  /** The changelog's section for this version (a tag build's). */
  changes?: ChangelogSection
}

/** The guide inside the bundle, read after extraction: run install.sh from this folder. */
export function renderBundleGuide(options: BundleGuideOptions): string {
  return (
    [
      `# ${options.name} ${options.version}: Mojo packages`,
      ...(options.changes ? [changesSection(options.changes, options.version)] : []),
      `\`lib/\` holds the precompiled packages ${options.imports.map((i) => `\`${i}\``).join(', ')}.`,
      compilerSection(options.mojo),
      '## Install',
      `\`install.sh [DEST]\` copies \`lib/*\` into DEST (default: \`$MOJO_LIBS\`, else \`${DEFAULT_LIB_DIR}\`):`,
      fence('sh', './install.sh'),
      usageSection(usageOf(DEFAULT_LIB_DIR, options.imports, options.symbols)),
      ...(options.installVerify
        ? [
            '## Check',
            `${INSTALL_VERIFY_USE} With the packages in DEST:`,
            fence('sh', shellLine(['sh', INSTALL_VERIFY, 'dir', DEFAULT_LIB_DIR]))
          ]
        : [])
    ].join('\n\n') + '\n'
  )
}
