// Regenerates completions/ (the shell scripts `kubemux completion bash|zsh|fish` prints) from the built bundle, so
// the committed files are exactly what the program prints. Run with `npm run completions` (it builds first).
// test/unit/complete-scripts.test.ts fails when the committed files drift from src/completion/scripts.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = { bash: 'completions/kubemux.bash', zsh: 'completions/_kubemux', fish: 'completions/kubemux.fish' };
await mkdir(new URL('../completions', import.meta.url), { recursive: true });
for (const [shell, file] of Object.entries(files)) {
  const r = spawnSync(process.execPath, ['bin/kubemux.js', 'completion', shell], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubemux completion ${shell} exited ${r.status}: ${r.stderr}`);
  await writeFile(new URL(`../${file}`, import.meta.url), r.stdout);
  console.log(`wrote ${file}`);
}
