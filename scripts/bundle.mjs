// One ESM bundle serves both `main` and `post` (src/index.ts tells them apart by state).
// Writes dist/, or the folder given as argument (scripts/run-local.mjs bundles the sources into a temp folder).
import { copyFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const outDir = process.argv[2] ?? 'dist'

await build({
  entryPoints: ['src/index.ts'],
  outfile: path.join(outDir, 'index.js'),
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
