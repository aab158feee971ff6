/**
 * The merged release's INSTALL.md: which compilers it covers, and for each the line that installs it
 * (pixi from the channel for every compiler; pip from PyPI for the one whose wheels go there).
 */
import { CHECKSUM_COMMAND, shellLine } from '../assemble/install-plan.js'
import { INSTALL_VERIFY } from '../assemble/install-verify-script.js'
import { describeEarlier, type EarlierChannel } from './earlier-channel.js'
import { CHANNEL_DIR, compilerDir, WHEELS_DIR, type MergePlan } from './merge-plan.js'

interface MergeGuideOptions {
  plan: MergePlan
  /** Conda package names in the channel, with their version. */
  packages: Array<{ name: string; version: string }>
  /** Wheel distribution names of the compiler chosen for PyPI. */
  wheels: string[]
  /** Where the channel is served, when known (else a placeholder). */
  channelUrl?: string
  /** What the channel keeps of earlier releases; absent without channel-url (nothing said). */
  earlier?: EarlierChannel
}

const fence = (lang: string, body: string): string => `\`\`\`${lang}\n${body}\n\`\`\``
const code = (text: string): string => `\`${text}\``

function platformsOf(plan: MergePlan, mojo: string): string {
  return [...new Set(plan.cells.filter((c) => c.mojo === mojo).map((c) => c.platform))].join(', ')
}

export function renderMergeGuide(options: MergeGuideOptions): string {
  const { plan, packages, wheels } = options
  const url = options.channelUrl ?? '<url where channel/ is served>'
  const pixiLine = (mojo: string): string =>
    shellLine(['pixi', 'add', `mojo-compiler==${mojo}`, ...packages.map((p) => `${p.name}==${p.version}`)])
  const pipLine = (mojo: string): string =>
    mojo === plan.wheelsMojo && wheels.length > 0
      ? code(shellLine(['pip', 'install', ...wheels.map((w) => `${w}==${plan.version}`)]))
      : `the files in ${code(`${compilerDir(mojo)}.tar.gz`)}`
  const table = [
    '| Mojo | Built on | pixi (the channel) | pip |',
    '| --- | --- | --- | --- |',
    ...plan.compilers.map(
      (mojo) => `| ${mojo} | ${platformsOf(plan, mojo)} | ${code(pixiLine(mojo))} | ${pipLine(mojo)} |`
    )
  ].join('\n')
  const names = packages.map((p) => code(p.name)).join(', ')
  return (
    [
      `# Installing ${names || 'the packages'} ${plan.version}`,
      `A precompiled Mojo package loads only in the compiler that built it, so this release holds one build ` +
        `per compiler: Mojo ${plan.compilers.join(', ')}. Pick the line for the compiler your project uses.`,
      '## Compilers covered',
      table,
      '## With pixi, from the conda channel',
      `${code(`${CHANNEL_DIR}/`)} is a conda channel (a static folder: serve it with GitHub Pages or any web server). ` +
        'Each package has one build per compiler, each depending on exactly that `mojo-compiler`, so the solver ' +
        "picks the build that matches your workspace's compiler. Add the channel, then the package:",
      fence(
        'sh',
        [
          shellLine(['pixi', 'workspace', 'channel', 'add', url]),
          ...packages.map((p) => shellLine(['pixi', 'add', p.name]))
        ].join('\n')
      ),
      ...(options.earlier ? [describeEarlier(options.earlier)] : []),
      '## With pip, from PyPI',
      wheels.length > 0
        ? `An index holds one wheel per version, so PyPI gets the wheels of Mojo ${plan.wheelsMojo} (${code(`${WHEELS_DIR}/`)}): ` +
          `pip installs them with exactly ${code(`mojo-compiler==${plan.wheelsMojo}`)}. For another compiler, use the channel, ` +
          `or the files of ${code('mojo-<version>.tar.gz')} (the folder ${code('mojo-<version>/')}, with its own INSTALL.md).`
        : 'This release ships no wheels.',
      '## Download and check',
      `Every file is in ${code('SHA256SUMS')}, by its path in the release:`,
      fence('sh', shellLine(CHECKSUM_COMMAND)),
      `${code(INSTALL_VERIFY)} checks an install with the ${code('mojo')} on your PATH (whichever compiler): ` +
        `${code(`sh ${INSTALL_VERIFY} conda`)} in the pixi environment, ${code(`sh ${INSTALL_VERIFY} wheel`)} in the venv.`
    ].join('\n\n') + '\n'
  )
}
