/**
 * A package's public API, read with the compiler's own `mojo doc` (its JSON has the same shape from
 * 0.25.6 to 1.2.0: a package's modules and subpackages, each module's functions with one signature per
 * overload, structs and traits with their members, and aliases).
 *
 * The public API is the names `__init__.mojo` re-exports (and defines), plus the top-level names of
 * modules whose names do not start with `_`, each with its signature; a struct's or trait's methods,
 * fields and aliases count as `Name.member`. A definition that is re-exported is known by its
 * re-exported name only, so moving it between modules changes nothing while the re-export stays.
 *
 * `mojo doc` leaves out modules whose names start with `_` and does not list what `__init__.mojo`
 * imports, so the re-exports are read from the `__init__.mojo` sources, and a private module that one
 * re-exports from is documented on its own (`mojo doc pkg/_impl.mojo` works where the package does).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { describeExit, succeeded } from '../process.js'
import { runMojo } from '../toolchain/driver.js'
import type { Toolchain } from '../types.js'
import { firstError, parseDiagnostics } from './diagnostics.js'

/** The change to a package's public API: names with a signature gone (`removed`) or new (`added`). */
export interface ApiChange {
  removed: string[]
  added: string[]
}

/** Each public name (`Point`, `Point.dist`, `core.LIMIT`, `sub.helper`) with its signatures. */
export type PublicApi = Map<string, Set<string>>

interface DocOverload {
  signature?: string
  raises?: boolean
}
interface DocFunction {
  name: string
  overloads?: DocOverload[]
}
interface DocAlias {
  name: string
  signature?: string
}
interface DocField {
  name: string
  type?: string
}
interface DocType {
  name: string
  signature?: string
  parentTraits?: Array<{ name: string }>
  functions?: DocFunction[]
  fields?: DocField[]
  aliases?: DocAlias[]
}
interface DocModule {
  kind: 'module'
  name: string
  functions?: DocFunction[]
  structs?: DocType[]
  traits?: DocType[]
  aliases?: DocAlias[]
}
export interface DocPackage {
  kind: 'package'
  name: string
  modules?: DocModule[]
  packages?: DocPackage[]
}

/** `from .core import Point, norm as length` in an `__init__.mojo`; `name` '*' for `import *`. */
interface ReExport {
  /** The module or package imported from, from the package root (`['core']`, `['sub', 'impl']`), or the foreign module's dotted name. */
  from: string[]
  foreign: boolean
  name: string
  as: string
}

/** What a signature says after the name it defines: `def clamp(x: Int) -> Int` gives `(x: Int) -> Int`. */
function afterName(signature: string | undefined, name: string): string {
  if (signature === undefined) return ''
  const at = signature.indexOf(name)
  return at < 0 ? signature : signature.slice(at + name.length)
}

/** One definition's entries: `''` for itself, `.member` for its members; each a set of signatures. */
type Entries = Map<string, Set<string>>

function add(entries: Entries, key: string, signature: string): void {
  entries.set(key, (entries.get(key) ?? new Set()).add(signature))
}

function functionSignatures(fn: DocFunction): string[] {
  return (fn.overloads ?? []).map((o) => {
    const rest = afterName(o.signature, fn.name)
    // The signature leaves `raises` out (1.2.0); it is part of the contract.
    return `def${rest}${o.raises && !/\braises\b/.test(rest) ? ' raises' : ''}`
  })
}

function typeEntries(kind: 'struct' | 'trait', t: DocType): Entries {
  const entries: Entries = new Map()
  const parents = (t.parentTraits ?? []).map((p) => p.name).join(', ')
  add(entries, '', `${kind}${afterName(t.signature, t.name)}(${parents})`)
  for (const fn of t.functions ?? []) for (const s of functionSignatures(fn)) add(entries, `.${fn.name}`, s)
  for (const field of t.fields ?? []) add(entries, `.${field.name}`, `var: ${field.type ?? ''}`)
  for (const alias of t.aliases ?? [])
    add(entries, `.${alias.name}`, `comptime${afterName(alias.signature, alias.name)}`)
  return entries
}

/** A module's top-level definitions by name. */
function definitions(module: DocModule): Map<string, Entries> {
  const defs = new Map<string, Entries>()
  for (const fn of module.functions ?? []) {
    const entries = defs.get(fn.name) ?? new Map()
    for (const s of functionSignatures(fn)) add(entries, '', s)
    defs.set(fn.name, entries)
  }
  for (const s of module.structs ?? []) defs.set(s.name, typeEntries('struct', s))
  for (const t of module.traits ?? []) defs.set(t.name, typeEntries('trait', t))
  for (const a of module.aliases ?? [])
    defs.set(a.name, new Map([['', new Set([`comptime${afterName(a.signature, a.name)}`])]]))
  return defs
}

/** The source without comments and docstrings, so an example in a docstring is not read as an import. */
function code(source: string): string {
  return source.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''/g, '').replace(/#[^\n]*/g, '')
}

/**
 * The top-level `from X import ...` statements of the `__init__.mojo` of the package at `at` (path
 * from the root, whose import name is `root`), parenthesised lists and continuation lines included.
 */
export function parseReExports(source: string, at: string[], root: string): ReExport[] {
  const found: ReExport[] = []
  const statement = /^from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|(?:[^\n\\]|\\\n)*)/gm
  for (const [, module, list] of code(source).matchAll(statement)) {
    const dots = /^\.*/.exec(module)![0].length
    const rest = module
      .slice(dots)
      .split('.')
      .filter((s) => s !== '')
    // `.x` is beside this __init__.mojo, `..x` one package up; `root.x` is the package itself.
    const from =
      dots > 0 && dots - 1 <= at.length
        ? [...at.slice(0, at.length - (dots - 1)), ...rest]
        : dots === 0 && rest[0] === root
          ? rest.slice(1)
          : undefined
    for (const part of list.replace(/[()\\\n]/g, ' ').split(',')) {
      const words = part.trim().split(/\s+/)
      if (words[0] === '') continue
      const name = words[0]
      const as = words[1] === 'as' && words[2] ? words[2] : name
      found.push(
        from === undefined ? { from: [module], foreign: true, name, as } : { from, foreign: false, name, as }
      )
    }
  }
  return found
}

/** The sources and docs a package's API is built from. */
interface ApiSources {
  /** The package's `mojo doc` output (`decl`). */
  doc: DocPackage
  /** Its import name, which absolute imports of itself start with. */
  root: string
  /** The text of each `__init__.mojo`, by package path from the root (`''`, `sub`, `sub/inner`). */
  inits: Map<string, string>
  /** `mojo doc` of private modules and packages re-exported from, by path (`_impl`, `sub/_core`). */
  privateDocs: Map<string, DocModule | DocPackage>
}

const pathKey = (p: string[]): string => p.join('/')
const dotted = (p: string[], name: string): string => [...p, name].join('.')

/** Module and package paths that re-exports name and `mojo doc` leaves out (a segment starts with `_`). */
export function privateTargets(inits: Map<string, string>, root: string): string[] {
  const targets = new Set<string>()
  for (const [at, text] of inits) {
    for (const r of parseReExports(text, at === '' ? [] : at.split('/'), root)) {
      if (r.foreign) continue
      const target = r.name === '*' || r.from.length > 0 ? r.from : [r.name]
      if (target.some((s) => s.startsWith('_') && !s.startsWith('__'))) targets.add(pathKey(target))
    }
  }
  return [...targets].sort()
}

/** The public API the docs and `__init__.mojo` files describe. Pure. */
export function buildApi(sources: ApiSources): PublicApi {
  const { doc, root, inits, privateDocs } = sources
  const reExports = new Map(
    [...inits].map(([at, text]) => [at, parseReExports(text, at === '' ? [] : at.split('/'), root)])
  )

  /** The module or package at `p` (from the root). */
  const nodeAt = (p: string[]): DocModule | DocPackage | undefined => {
    // From the deepest private module or package documented on its own, else from the root.
    let start = p.length
    while (start > 0 && !privateDocs.has(pathKey(p.slice(0, start)))) start--
    let node: DocModule | DocPackage = start > 0 ? privateDocs.get(pathKey(p.slice(0, start)))! : doc
    for (const segment of p.slice(start)) {
      if (node.kind !== 'package') return undefined
      const next: DocModule | DocPackage | undefined =
        node.packages?.find((s) => s.name === segment) ??
        node.modules?.find((m) => m.name === segment && m.name !== '__init__')
      if (next === undefined) return undefined
      node = next
    }
    return node
  }

  /** A definition: where it is defined (its identity) and its entries. */
  type Definition = { id: string; entries: Entries }
  const resolve = (p: string[], name: string, depth = 0): Definition | undefined => {
    const node = nodeAt(p)
    if (node === undefined || depth > 20) return undefined
    if (node.kind === 'module') {
      const entries = definitions(node).get(name)
      return entries && { id: `${pathKey(p)}#${name}`, entries }
    }
    const init = node.modules?.find((m) => m.name === '__init__')
    const own = init && definitions(init).get(name)
    if (own) return { id: `${pathKey(p)}/__init__#${name}`, entries: own }
    const r = reExports.get(pathKey(p))?.find((x) => x.as === name && !x.foreign && x.name !== '*')
    if (r) return r.from.length === 0 ? resolve(p, r.name, depth + 1) : resolve(r.from, r.name, depth + 1)
    if (nodeAt([...p, name]))
      return { id: pathKey([...p, name]), entries: new Map([['', new Set(['module'])]]) }
    return undefined
  }

  const api: PublicApi = new Map()
  const put = (key: string, entries: Entries): void => {
    for (const [member, signatures] of entries) {
      const set = api.get(key + member) ?? new Set<string>()
      for (const s of signatures) set.add(s)
      api.set(key + member, set)
    }
  }
  const reExported = new Set<string>()
  const publicPackages: Array<{ at: string[]; pkg: DocPackage }> = []
  const walk = (at: string[], pkg: DocPackage): void => {
    publicPackages.push({ at, pkg })
    for (const sub of pkg.packages ?? []) if (!sub.name.startsWith('_')) walk([...at, sub.name], sub)
  }
  walk([], doc)

  // What each __init__.mojo defines and re-exports, under the package's own path.
  for (const { at, pkg } of publicPackages) {
    const init = pkg.modules?.find((m) => m.name === '__init__')
    for (const [name, entries] of init ? definitions(init) : []) put(dotted(at, name), entries)
    for (const r of reExports.get(pathKey(at)) ?? []) {
      if (r.foreign) {
        put(dotted(at, r.as), new Map([['', new Set([`= ${r.from[0]}.${r.name}`])]]))
        continue
      }
      if (r.name === '*') {
        const target = nodeAt(r.from)
        const names = target?.kind === 'module' ? [...definitions(target).keys()] : []
        for (const name of names.filter((n) => !n.startsWith('_'))) {
          const found = resolve(r.from, name)!
          reExported.add(found.id)
          put(dotted(at, name), found.entries)
        }
        continue
      }
      const found = r.from.length === 0 ? resolve(at, r.name) : resolve(r.from, r.name)
      if (found) reExported.add(found.id)
      put(dotted(at, r.as), found?.entries ?? new Map([['', new Set(['(not documented)'])]]))
    }
  }
  // Then the top-level names of public modules that no __init__.mojo re-exports.
  for (const { at, pkg } of publicPackages) {
    for (const module of pkg.modules ?? []) {
      if (module.name === '__init__' || module.name.startsWith('_')) continue
      for (const [name, entries] of definitions(module)) {
        if (!reExported.has(`${pathKey([...at, module.name])}#${name}`))
          put(dotted([...at, module.name], name), entries)
      }
    }
  }
  return api
}

/** What changed from `before` to `after`: each name with a signature that is gone, or new. */
export function diffApi(before: PublicApi, after: PublicApi): ApiChange {
  const missing = (a: PublicApi, b: PublicApi): string[] =>
    [...a].flatMap(([name, sigs]) => [...sigs].filter((s) => !b.get(name)?.has(s)).map(() => name)).sort()
  return { removed: missing(before, after), added: missing(after, before) }
}

/** `mojo doc` could not document the sources (they do not compile with this compiler). */
export class DocError extends Error {}

/** Runs `mojo doc` on `target` (a package folder or a module file) and returns its `decl`. */
async function mojoDoc(
  toolchain: Toolchain,
  target: string,
  options: { importPaths: string[]; timeoutMs: number }
): Promise<DocModule | DocPackage> {
  const output = `${target}.doc.json`
  const args = ['doc', target, '-o', output, ...options.importPaths.flatMap((d) => ['-I', d])]
  const limit = { timeoutMs: options.timeoutMs, limitName: 'compile-timeout' }
  const result = await runMojo(toolchain, args, { cwd: path.dirname(target), ...limit })
  if (!succeeded(result)) {
    const root = path.dirname(target)
    const first = firstError(parseDiagnostics(result.stderr), root, root)
    throw new DocError(first ?? (result.stderr.trim().split('\n')[0] || describeExit(result, limit)))
  }
  let json: { decl?: DocModule | DocPackage } | undefined
  try {
    json = JSON.parse(await fs.readFile(output, 'utf8')) as typeof json
  } catch (error) {
    throw new DocError(`mojo doc wrote no JSON for ${path.basename(target)} (${(error as Error).message})`)
  }
  await fs.rm(output, { force: true })
  if (json?.decl?.kind !== 'package' && json?.decl?.kind !== 'module') {
    throw new DocError(`mojo doc printed no package or module for ${path.basename(target)}`)
  }
  return json.decl
}

/** Every `__init__.mojo` under the package folder `dir`, by package path. */
async function readInits(dir: string, at = ''): Promise<Map<string, string>> {
  const inits = new Map<string, string>()
  const text = await fs.readFile(path.join(dir, at, '__init__.mojo'), 'utf8').catch(() => undefined)
  if (text === undefined) return inits
  inits.set(at, text)
  for (const entry of await fs.readdir(path.join(dir, at), { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue
    for (const [sub, t] of await readInits(dir, at === '' ? entry.name : `${at}/${entry.name}`))
      inits.set(sub, t)
  }
  return inits
}

/**
 * The public API of the package in `dir` (a folder named by its import name, whose dependencies are
 * in `importPaths`). Throws DocError when the compiler cannot document it.
 */
export async function readPublicApi(
  toolchain: Toolchain,
  dir: string,
  options: { importPaths: string[]; timeoutMs: number }
): Promise<PublicApi> {
  const root = path.basename(dir)
  const doc = await mojoDoc(toolchain, dir, options)
  if (doc.kind !== 'package') throw new DocError(`mojo doc did not read ${root} as a package`)
  const inits = await readInits(dir)
  const privateDocs = new Map<string, DocModule | DocPackage>()
  for (const target of privateTargets(inits, root)) {
    const file = path.join(dir, `${target}.mojo`)
    const exists = await fs.stat(file).then(
      () => true,
      () => false
    )
    const found = exists ? file : path.join(dir, target)
    if (
      exists ||
      (await fs.stat(found).then(
        (s) => s.isDirectory(),
        () => false
      ))
    ) {
      privateDocs.set(target, await mojoDoc(toolchain, found, options))
    }
  }
  return buildApi({ doc, root, inits, privateDocs })
}
