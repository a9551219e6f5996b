import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCompletion } from '../../src/commands/completion.js';
import { SCRIPT_FILES, completionScript } from '../../src/completion/scripts.js';
import { SHELLS } from '../../src/completion/spec.js';
import { runInProcess } from '../helpers/cli.js';
import { Capture } from '../helpers/cli.js';

describe('completion scripts', () => {
  it.each(SHELLS)('completions/ holds the current %s script (run `npm run completions` after changing it)', (shell) => {
    const committed = readFileSync(new URL(`../../${SCRIPT_FILES[shell]}`, import.meta.url), 'utf8');
    expect(committed).toBe(completionScript(shell));
  });

  it.each(SHELLS)('`kubemux completion %s` prints the script', async (shell) => {
    const r = await runInProcess(['completion', shell]);
    expect(r).toEqual({ stdout: completionScript(shell), stderr: '', exitCode: 0 });
  });

  it('rejects an unknown shell, naming it and the allowed ones', async () => {
    const r = await runInProcess(['completion', 'tcsh']);
    expect(r).toEqual({ stdout: '', stderr: 'error: unknown shell "tcsh" for completion: use one of bash, zsh, fish\n', exitCode: 2 });
  });

  it('registers both program names in every shell', () => {
    expect(completionScript('bash')).toContain('complete -F __kubemux_complete kubemux kubectl-mux\n');
    expect(completionScript('zsh')).toMatch(/^#compdef kubemux kubectl-mux\n/);
    expect(completionScript('fish')).toContain("complete -c kubectl-mux -f -a '(__kubemux_complete)'");
  });

  it('writes through the io it is given', async () => {
    const stdout = new Capture();
    const io = { stdout, stderr: new Capture(), env: {}, cwd: '/', signal: new AbortController().signal };
    expect(await runCompletion('fish', io)).toBe(0);
    expect(stdout.text).toBe(completionScript('fish'));
  });
});
