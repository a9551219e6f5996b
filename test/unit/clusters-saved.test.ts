import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSavedSelection, savedSelectionPath, writeSavedSelection } from '../../src/clusters/saved.js';
import { UsageError } from '../../src/errors.js';

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'kubemux-saved-'));
  env = { HOME: home };
});

describe('savedSelectionPath', () => {
  it.each<[NodeJS.ProcessEnv, string]>([
    [{ HOME: '/h' }, '/h/.config/kubemux/config.yaml'],
    [{ HOME: '/h', XDG_CONFIG_HOME: '/x' }, '/x/kubemux/config.yaml'],
    [{ HOME: '/h', XDG_CONFIG_HOME: 'relative' }, '/h/.config/kubemux/config.yaml'],
    [{ HOME: '/h', XDG_CONFIG_HOME: '' }, '/h/.config/kubemux/config.yaml'],
  ])('%j -> %s', (e, expected) => expect(savedSelectionPath(e)).toBe(expected));
});

describe('saving and reading the selection', () => {
  it('reads nothing when nothing is saved', async () => {
    expect(await readSavedSelection(env)).toBeUndefined();
  });

  it('writes mode 0600 through a rename and reads it back', async () => {
    const file = await writeSavedSelection(env, ['config:prod', 'other.yaml:arn:aws:eks:x:1:cluster/a']);
    expect(file).toBe(path.join(home, '.config', 'kubemux', 'config.yaml'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const before = statSync(file).ino;
    expect(await readSavedSelection(env)).toEqual(['config:prod', 'other.yaml:arn:aws:eks:x:1:cluster/a']);
    await writeSavedSelection(env, ['config:dev']);
    // A rename replaces the directory entry with a new inode; writing in place would keep the old one.
    expect(statSync(file).ino).not.toBe(before);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['config.yaml']);
    expect(await readSavedSelection(env)).toEqual(['config:dev']);
  });

  it('keeps other settings, and clears by removing the key or the file', async () => {
    const file = savedSelectionPath(env);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'theme: dark\nselection: [config:a]\n');
    await writeSavedSelection(env, ['config:b']);
    expect(readFileSync(file, 'utf8')).toContain('theme: dark');
    await writeSavedSelection(env, undefined);
    expect(readFileSync(file, 'utf8')).not.toContain('selection');
    expect(await readSavedSelection(env)).toBeUndefined();
    writeFileSync(file, 'selection: [config:a]\n');
    await writeSavedSelection(env, undefined);
    expect(existsSync(file)).toBe(false);
    await writeSavedSelection(env, undefined); // clearing twice is fine
  });

  it.each<[string, RegExp]>([
    ['selection: [a\n', /config\.yaml:1: /],
    ['selection: 5\n', /config\.yaml:1: "selection" must be a list of clusterIds$/],
    ['x: 1\nselection:\n  - 1\n', /config\.yaml:3: "selection" must be a list of clusterIds$/],
    ['- a\n', /config\.yaml:1: expected a mapping with a "selection" list$/],
  ])('names the file and line of a malformed settings file: %j', async (text, message) => {
    const file = savedSelectionPath(env);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    await expect(readSavedSelection(env)).rejects.toThrow(message);
    await expect(readSavedSelection(env)).rejects.toBeInstanceOf(UsageError);
  });

  it('treats an empty file or an empty list as nothing saved', async () => {
    const file = savedSelectionPath(env);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    expect(await readSavedSelection(env)).toBeUndefined();
    writeFileSync(file, 'selection: []\n');
    expect(await readSavedSelection(env)).toBeUndefined();
  });

  it('reports a settings path it cannot write or read', async () => {
    writeFileSync(path.join(home, 'blocker'), '');
    const blocked = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'blocker') };
    await expect(writeSavedSelection(blocked, ['config:a'])).rejects.toThrow(/blocker/);
    mkdirSync(savedSelectionPath(env), { recursive: true }); // a directory where the file should be
    await expect(readSavedSelection(env)).rejects.toThrow(/cannot read the saved selection: EISDIR/);
  });
});
