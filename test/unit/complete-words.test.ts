import { describe, expect, it } from 'vitest';
import { parseLine, unquote } from '../../src/completion/words.js';

describe('unquote', () => {
  it.each([
    ['plain', 'abc', 'abc'],
    ['single quotes', "'a b'", 'a b'],
    ['double quotes with escapes', '"a\\"b\\\\c\\d"', 'a"b\\c\\d'],
    ['backslash outside quotes', 'a\\ b', 'a b'],
    ['unterminated quote', '"prod-', 'prod-'],
    ['mixed', "x'y z'\"w\"", 'xy zw'],
    ['trailing backslash', 'a\\', 'a\\'],
  ])('%s', (_label, word, expected) => {
    expect(unquote(word)).toBe(expected);
  });
});

describe('parseLine', () => {
  it.each<[string, string[], object]>([
    ['empty line', [], { path: [], target: { kind: 'arg', index: 0, text: '', subcommands: true } }],
    ['subcommand prefix', ['ge'], { path: [], target: { kind: 'arg', text: 'ge', subcommands: true } }],
    ['alias', ['ctx', ''], { path: ['contexts'], target: { kind: 'arg', arg: undefined, subcommands: true } }],
    ['nested subcommand', ['contexts', 'use', 'a', ''], { path: ['contexts', 'use'], positionals: ['a'], target: { kind: 'arg', arg: 'context', index: 1 } }],
    ['resource type', ['get', ''], { path: ['get'], target: { kind: 'arg', arg: 'resource-type', index: 0, subcommands: false } }],
    ['object names repeat', ['get', 'pods', 'a', 'b'], { positionals: ['pods', 'a'], target: { kind: 'arg', arg: 'object-name', index: 2, text: 'b' } }],
    ['watch takes one name', ['watch', 'pods', 'a', ''], { target: { kind: 'arg', arg: undefined, index: 2 } }],
    ['flag value pending', ['get', '--context', ''], { target: { kind: 'flag-value', text: '', prefix: '' } }],
    ['flag value inline', ['get', '--context=pr'], { target: { kind: 'flag-value', text: 'pr', prefix: '--context=' } }],
    ['short value attached', ['get', '-nkube'], { target: { kind: 'flag-value', text: 'kube', prefix: '-n' } }],
    ['flag name', ['get', '--con'], { target: { kind: 'flag-name', text: '--con' } }],
    ['unknown --x=y is a flag name', ['get', '--nope=1'], { target: { kind: 'flag-name', text: '--nope=1' } }],
    ['boolean short cluster then value', ['get', '-qn', 'web', 'pods', ''], { flags: new Map([['--quiet', ['']], ['--namespace', ['web']]]), positionals: ['pods'] }],
    ['attached short value', ['get', '-nweb', '-A', 'pods', ''], { flags: new Map([['--namespace', ['web']], ['--all-namespaces', ['']]]) }],
    ['comma lists split for --context', ['get', '--context', 'a,b', '--context=c', ''], { flags: new Map([['--context', ['a', 'b', 'c']]]) }],
    ['--kubeconfig kept whole', ['get', '--kubeconfig', 'x:y', ''], { flags: new Map([['--kubeconfig', ['x:y']]]) }],
    ['flag before its subcommand', ['--context', 'a', 'get', ''], { path: ['get'], flags: new Map([['--context', ['a']]]), target: { kind: 'arg', arg: 'resource-type' } }],
    ['flag value before subcommand completes', ['--context', ''], { path: [], target: { kind: 'flag-value', flag: { long: '--context' } } }],
    ['after -- everything is positional', ['get', '--', '-x', ''], { positionals: ['-x'], target: { kind: 'arg', index: 1, subcommands: false } }],
    ['quoted words', ['get', '--context', '"a b"', "'po"], { flags: new Map([['--context', ['a b']]]), target: { kind: 'arg', text: 'po' } }],
    ['unknown flags are skipped', ['get', '--what', 'pods', ''], { positionals: ['pods'] }],
  ])('%s', (_label, words, expected) => {
    expect(parseLine(words)).toMatchObject(expected);
  });
});
