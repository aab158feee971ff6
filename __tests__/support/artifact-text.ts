/**
 * Every byte a set of built files carries, archives opened as a user's tools open them: `.tar.gz` and
 * `.tgz` with zlib and tar-stream, `.zip` and `.whl` with yauzl, `.conda` as a zip of `.tar.zst` members.
 * For asserting that some text (a canary, a token) reached no artifact, inside archives too.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { readTar, readZip } from './conda-reader.js'

export interface Member {
  /** `outer.tar.gz!inner/file`. */
  name: string
  data: Buffer
}

/** The members of one file, opened recursively; a plain file is its own only member. */
async function membersOf(name: string, data: Buffer): Promise<Member[]> {
  const inner = async (found: Member[]): Promise<Member[]> =>
    (await Promise.all(found.map((m) => membersOf(`${name}!${m.name}`, m.data)))).flat()
  const tarred = /\.(tar\.gz|tgz)$/.test(name)
    ? zlib.gunzipSync(data)
    : /\.tar\.zst$/.test(name)
      ? zlib.zstdDecompressSync(data)
      : undefined
  if (tarred !== undefined)
    return inner((await readTar(tarred)).map((m) => ({ name: m.header.name, data: m.data })))
  if (/\.(zip|whl|conda)$/.test(name)) return inner(await readZip(data))
  return [{ name, data }]
}

/** Every member of every file under `dir`, archives opened. */
export async function artifactMembers(dir: string): Promise<Member[]> {
  if (!fs.existsSync(dir)) return []
  const files = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
  const all = await Promise.all(
    files.map((file) => membersOf(path.relative(dir, file), fs.readFileSync(file)))
  )
  return all.flat()
}

/** Names of the members under `dir` whose bytes hold `text`. */
export async function membersHolding(dir: string, text: string): Promise<string[]> {
  return (await artifactMembers(dir)).filter((m) => m.data.includes(text)).map((m) => m.name)
}
