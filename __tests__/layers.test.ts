/**
 * The stage folders of src/ are layers, in pipeline order: a module imports only from its own layer,
 * an earlier one, or the shared modules at the top of src/ (which import no layer). Only the entry
 * points and the stage-1 orchestrator (main.ts, post.ts, index.ts, post-index.ts, prepare.ts) see
 * everything. No import cycle, and no file name in two folders.
 */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { repoRoot } from './support/run-action.js'

const LAYERS = [
  'inputs',
  'project',
  'toolchain',
  'compile',
  'assemble',
  'verify',
  'checklist',
  'publish',
  'merge'
]
const ENTRIES = ['main.ts', 'post.ts', 'index.ts', 'post-index.ts', 'prepare.ts', 'merge-index.ts']
const src = path.join(repoRoot, 'src')

function modules(dir = src): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? modules(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : []
    )
}

/** Every relative import of a module (static, type-only and dynamic), as src-relative paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)].map((m) =>
    path.relative(src, path.resolve(path.dirname(file), `${m[1]}.ts`))
  )
}

const rel = (file: string): string => path.relative(src, file)
/** The layer of a src-relative path: its folder's index, -1 for a shared top-level module. */
const layerOf = (file: string): number =>
  file.includes(path.sep) ? LAYERS.indexOf(file.split(path.sep)[0]) : -1
const graph = new Map(modules().map((file) => [rel(file), importsOf(file)]))

describe('the layers of src/', () => {
  it('has a folder per layer and nothing else', () => {
    const folders = fs
      .readdirSync(src, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
    expect(folders.sort()).toEqual([...LAYERS].sort())
  })

  it('never imports a later layer, and shared modules import no layer', () => {
    const upward = [...graph]
      .filter(([file]) => !ENTRIES.includes(file))
      .flatMap(([file, deps]) =>
        deps
          .filter((dep) => layerOf(dep) > layerOf(file) || (layerOf(file) === -1 && layerOf(dep) !== -1))
          .map((dep) => `${file} -> ${dep}`)
      )
    expect(upward).toEqual([])
  })

  it('has no import cycle', () => {
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '))
        return
      }
      state.set(file, 'open')
      for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file])
      state.set(file, 'done')
    }
    for (const file of graph.keys()) visit(file, [])
    expect(cycles).toEqual([])
  })

  it('gives every module a file name no other folder uses', () => {
    const byName = new Map<string, string[]>()
    for (const file of graph.keys())
      byName.set(path.basename(file), [...(byName.get(path.basename(file)) ?? []), file])
    expect([...byName.values()].filter((files) => files.length > 1)).toEqual([])
  })

  it('exports only what another module, test or script uses', () => {
    const others = ['__tests__', 'bench', 'scripts'].flatMap((dir) =>
      fs
        .readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name) && !e.parentPath.includes('fixtures'))
        .map((e) => path.join(e.parentPath, e.name))
    )
    const texts = new Map([...modules(), ...others].map((file) => [file, fs.readFileSync(file, 'utf8')]))
    const unused = modules().flatMap((file) =>
      [...texts.get(file)!.matchAll(/^export (?:async )?(?:const|function|class|interface|type) (\w+)/gm)]
        .map((m) => m[1])
        .filter(
          (name) =>
            ![...texts].some(([other, text]) => other !== file && new RegExp(`\\b${name}\\b`).test(text))
        )
        .map((name) => `${rel(file)}: ${name}`)
    )
    expect(unused).toEqual([])
  })
})
