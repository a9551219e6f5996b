// Bundles the CLI with esbuild, shaped for start-up time (bench/startup.bench.mjs measures it). Starting Node's ES
// module loader costs about a fifth of Node's own start, so the paths that must be instant are CommonJS:
//
// - dist/complete.cjs: the `__complete` path (shell completion runs it on every TAB), one file that requires only
//   Node built-ins. Cluster-backed completion (resource types, namespaces, names) is dist/complete-clusters.js, an
//   ES module imported only when asked for.
// - dist/cli.cjs: commander (bundled, with a lazy child_process) and the command declarations: `--help`, `--version`
//   and usage errors never start the ES module loader. Each command is an ES module (dist/cmd-<verb>.js, sharing
//   chunks) imported when it runs; heavy dependencies (@kubernetes/client-node, yaml, ora...) stay external.
// - src/errors.ts is inlined into each bundle (one more module to load cost `contexts` a millisecond); its classes
//   answer `instanceof` by a brand, so an error made by one bundle's copy is recognised by another's.
// - dist/cmd-contexts.cjs: `contexts` (and `contexts use`) reads files only, so it is CommonJS too and cli.cjs
//   require()s it: listing 200 contexts never starts the ES module loader. What it needs only sometimes stays ESM,
//   loaded with import(): `yaml` (non-kubectl-style files, `-o yaml`, saving a selection) and dist/contexts-check.js
//   (`--check`, the cluster client).
// bin/kubemux.js is CommonJS too (bin/package.json).
//
// KUBEMUX_DIST builds elsewhere (to compare builds in bench/ without touching the working tree's dist).
import { build } from 'esbuild';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = process.env.KUBEMUX_DIST ?? path.join(root, 'dist');
await rm(outdir, { recursive: true, force: true });

/** Packages bundled into dist: small, pure JS, and on the `--help` path. */
const BUNDLED = ['commander'];
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d)).flatMap((d) => [d, `${d}/*`]);
/** Commands bundled as CommonJS (`cmd-<name>.cjs`, required by cli.cjs): they need no ES-only module up front. */
const CJS_COMMANDS = ['contexts'];
/** Every other module under src/commands/ is an ES entry (`cmd-<name>.js`), so any `import('./commands/x.js')` resolves. */
const COMMANDS = (await readdir(path.join(root, 'src', 'commands')))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .filter((c) => !CJS_COMMANDS.includes(c));

/**
 * cli.ts's lazy `import('./commands/x.js')` and sources.ts's `import('./cluster-sources.js')` load the ESM outputs;
 * a CommonJS command is a stand-in module that require()s `cmd-<name>.cjs`, so esbuild turns that import() into a
 * require() inside a promise and the ES module loader never starts.
 */
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
      const name = path.basename(args.path, '.js');
      return CJS_COMMANDS.includes(name) ? { path: name, namespace: 'cjs-command' } : { path: `./cmd-${name}.js`, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'cjs-command' }, (args) => ({ contents: `module.exports = require('./cmd-${args.path}.cjs');`, loader: 'js' }));
    b.onResolve({ filter: /^\.\/cmd-[a-z-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    b.onResolve({ filter: /^\.\/cluster-sources\.js$/ }, () => ({ path: './complete-clusters.js', external: true }));
  },
};

/**
 * Commander requires node:child_process at load time (only for executable subcommands, which kubemux has none of),
 * and child_process pulls in net, dgram and streams: about a tenth of `--help`. Give commander a stand-in that loads
 * the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_target, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

const common = { absWorkingDir: root, outdir, bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', external };
const cjs = { ...common, format: 'cjs', outExtension: { '.js': '.cjs' } };

await build({ ...cjs, entryPoints: { cli: 'src/cli.ts' }, plugins: [lazyModules, lazyChildProcess] });
// The completion path inlines what it needs (errors included): one file to load on every TAB.
await build({ ...cjs, entryPoints: { complete: 'src/complete.ts' }, plugins: [lazyModules] });
/** `contexts --check` probes through the cluster client (ES modules): the CommonJS command import()s it. */
const contextsCheck = {
  name: 'contexts-check',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/clusters\/probe\.js$/ }, () => ({ path: './contexts-check.js', external: true }));
  },
};
await build({
  ...cjs,
  entryPoints: Object.fromEntries(CJS_COMMANDS.map((c) => [`cmd-${c}`, `src/commands/${c}.ts`])),
  plugins: [contextsCheck],
});
await build({
  ...common,
  entryPoints: {
    ...Object.fromEntries(COMMANDS.map((c) => [`cmd-${c}`, `src/commands/${c}.ts`])),
    'complete-clusters': 'src/completion/cluster-sources.ts',
    'contexts-check': 'src/clusters/probe.ts',
  },
  format: 'esm',
  splitting: true,
  chunkNames: '[name]-[hash]',
  plugins: [lazyChildProcess],
  // Bundled CommonJS (commander, for demo's in-process `get`) requires Node built-ins; ES modules have no `require`.
  banner: { js: "import { createRequire as __kubemuxCreateRequire } from 'node:module'; const require = __kubemuxCreateRequire(import.meta.url);" },
});
