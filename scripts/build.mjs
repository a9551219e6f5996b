// Bundles the CLI with esbuild. Two entry points: `cli` (commander and every command, each command a lazily loaded
// chunk) and `complete` (the fast completion path, which must never pull in commander or the Kubernetes client).
// npm dependencies stay external so heavy ones load only when a command imports them.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', complete: 'src/complete.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
