// Bundles the CLI with esbuild, shaped for start-up time (bench/startup.bench.mjs measures it):
//
// - dist/complete.cjs: the `__complete` path (shell completion runs it on every TAB), one CommonJS file with no
//   imports but Node built-ins. bin/kubemux.js is CommonJS too (bin/package.json), so completing a context name never
//   starts Node's ES module loader, which costs more than the whole completion. Cluster-backed completion (resource
//   types, namespaces, names) lives in dist/complete-clusters.js and is imported only when asked for.
// - dist/cli.js: commander and every command, each command a lazily loaded chunk. Commander is bundled (no package
//   resolution or CommonJS export scanning on `--help`); heavy dependencies (@kubernetes/client-node, yaml, ora...)
//   stay external and load only in the commands that import them.
//
// KUBEMUX_DIST builds elsewhere (to compare builds in bench/ without touching the working tree's dist).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const outdir = process.env.KUBEMUX_DIST ?? fileURLToPath(new URL('../dist', import.meta.url));
await rm(outdir, { recursive: true, force: true });

/** Packages bundled into dist: small, pure JS, and on the `--help` path. */
const BUNDLED = ['commander'];
const pkg = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')));
const external = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d)).flatMap((d) => [d, `${d}/*`]);

/**
 * Commander requires node:child_process at load time (only for executable subcommands, which kubemux has none of),
 * and child_process pulls in net, dgram and streams: about a tenth of `--help`. Give commander a stand-in that loads
 * the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('/node_modules/commander/') ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_target, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts', 'complete-clusters': 'src/completion/cluster-sources.ts' },
  outdir,
  splitting: true,
  format: 'esm',
  external,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [lazyChildProcess],
  // Bundled CommonJS (commander) requires Node built-ins; ES modules have no `require` of their own.
  banner: { js: "import { createRequire as __kubemuxCreateRequire } from 'node:module'; const require = __kubemuxCreateRequire(import.meta.url);" },
});

await build({
  ...common,
  entryPoints: { complete: 'src/complete.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  external,
  plugins: [
    {
      // The lazily imported cluster sources come from the ESM build above instead of being inlined here.
      name: 'complete-clusters',
      setup(b) {
        b.onResolve({ filter: /^\.\/cluster-sources\.js$/ }, () => ({ path: './complete-clusters.js', external: true }));
      },
    },
  ],
});
