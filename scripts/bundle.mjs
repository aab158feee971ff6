// Three ESM entry points, `main` (src/index.ts), `post` (src/post-index.ts) and `merge` (src/merge-index.ts,
// the merge action's), and the chunks they share or
// load on demand: a step parses only the code it runs (the cache and artifact clients are most of the bytes).
// Chunks sit beside the entries, since the matcher file is found beside the code that registers it.
// Writes dist/, or the folder given as argument (scripts/run-local.mjs bundles the sources into a temp folder).
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const outDir = process.argv[2] ?? 'dist'

// Chunk names change with their content: remove the last build's files, so none is left behind.
mkdirSync(outDir, { recursive: true })
for (const file of readdirSync(outDir)) {
  if (/\.(js|js\.LEGAL\.txt|json)$/.test(file)) rmSync(path.join(outDir, file))
}

// @actions/core imports its OIDC client, and with it @actions/http-client and undici (most of the bytes a step
// would parse), for getIDToken alone, which the action never calls: the client loads only if it is called.
const lazyOidc = {
  name: 'lazy-oidc',
  setup(build) {
    build.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]lib$/.test(args.resolveDir) && args.namespace === 'file'
        ? { path: path.join(args.resolveDir, 'oidc-utils.js'), namespace: 'lazy-oidc' }
        : undefined
    )
    build.onLoad({ filter: /.*/, namespace: 'lazy-oidc' }, (args) => ({
      contents: `export class OidcClient {
  static async getIDToken(audience) {
    const { OidcClient } = await import(${JSON.stringify(args.path)})
    return OidcClient.getIDToken(audience)
  }
}`,
      resolveDir: path.dirname(args.path)
    }))
  }
}

// Node's ESM loader reads every export of a builtin it imports, and one of node:http's is a getter that loads
// Node's own undici (25 ms, as long as node's start): the bundle takes http and https through require instead.
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?https?$/ }, (args) =>
      args.namespace === 'builtin-require'
        ? { path: args.path, external: true }
        : { path: `node:${args.path.replace(/^node:/, '')}`, namespace: 'builtin-require' }
    )
    build.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})`
    }))
  }
}

await build({
  plugins: [lazyOidc, builtinsByRequire],
  entryPoints: { index: 'src/index.ts', post: 'src/post-index.ts', merge: 'src/merge-index.ts' },
  outdir: outDir,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  // Some dependencies are CommonJS that call require(): give the ESM bundle a require.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  },
  // @actions/cache tells its errors apart by class name (`error.name === ReserveCacheError.name`).
  keepNames: true,
  // The runner checks out dist/ with the action: whitespace and syntax minified keeps it small, while
  // identifiers stay, so stack traces still name our functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning'
})

// The problem matcher is registered by path at run time (src/compile/matcher.ts): ship it beside the bundle.
copyFileSync('.github/mojo-problem-matcher.json', path.join(outDir, 'mojo-problem-matcher.json'))
