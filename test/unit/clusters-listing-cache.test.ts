import { chmodSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadKubeconfigs } from '../../src/clusters/kubeconfig.js';
import { parseKubeconfigFast } from '../../src/clusters/kubeconfig-parse.js';
import { fileStamp, listingCacheFile, listingView, RACY_WINDOW_MS, readListing, writeListing } from '../../src/clusters/listing-cache.js';
import { kc } from '../helpers/kubeconfig.js';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-listing-'));
  env = { HOME: path.join(dir, 'home'), XDG_CACHE_HOME: path.join(dir, 'cache') };
});

const CA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t';
/** A kubeconfig with credentials and certificate data, split over the kinds of entries a listing keeps. */
function writeConfig(name = 'config'): string {
  return kc()
    .cluster('c1', { server: 'https://a.example:6443', 'certificate-authority-data': CA })
    .cluster('c2', { 'insecure-skip-tls-verify': true })
    .user('u1', { token: 'secret-token-u1' })
    .user('u2', { exec: { command: 'aws', args: ['eks', 'get-token'] } })
    .context('prod', { cluster: 'c1', user: 'u1', namespace: 'web' })
    .context('nouser', { cluster: 'c2' })
    .context('ghost', { cluster: 'missing', user: 'u2' })
    .current('prod')
    .writeTo(dir, name);
}

/** The cache's stamp of a file, from the stat that loadKubeconfigs takes. */
const stampOf = (file: string) => fileStamp(statSync(file, { bigint: true }));
const parsedOf = (file: string) => parseKubeconfigFast(readFileSync(file, 'utf8'))!;
const viewOf = (file: string) => listingView(parsedOf(file));
const later = (file: string): number => stampOf(file).changedMs + RACY_WINDOW_MS + 1;

describe('the listing view', () => {
  it('keeps names, references, servers and current-context, and nothing of credentials', () => {
    const view = listingView(parsedOf(writeConfig()));
    expect(view.contexts.map((c) => [c.name, c.cluster, c.user, c.namespace])).toEqual([
      ['prod', 'c1', 'u1', 'web'],
      ['nouser', 'c2', undefined, undefined],
      ['ghost', 'missing', 'u2', undefined],
    ]);
    expect([...view.clusters]).toEqual([
      ['c1', { server: 'https://a.example:6443' }],
      ['c2', {}],
    ]);
    expect([...view.users]).toEqual([
      ['u1', {}],
      ['u2', {}],
    ]);
    expect(view.currentContext).toBe('prod');
  });
});

describe('the listing cache file', () => {
  it('reads back what was written for the same stamp, with mode 0600 and no secret in it', () => {
    const file = writeConfig();
    const stamp = stampOf(file);
    writeListing(env, file, stamp, viewOf(file), later(file));
    const cacheFile = listingCacheFile(env, file);
    expect(path.dirname(path.dirname(cacheFile))).toBe(path.join(dir, 'cache', 'kubemux'));
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(cacheFile, 'utf8');
    expect(text).not.toMatch(/secret-token|LS0tLS1|get-token|insecure/);
    expect(readListing(env, file, stamp.stamp)).toEqual(viewOf(file));
  });

  it('is not written for a file changed in the last two seconds', () => {
    const file = writeConfig();
    const stamp = stampOf(file);
    writeListing(env, file, stamp, viewOf(file), stamp.changedMs + RACY_WINDOW_MS - 500);
    expect(readListing(env, file, stamp.stamp)).toBeUndefined();
  });

  it('changes its stamp on a same-size rewrite and on a file replaced by rename', async () => {
    const file = writeConfig();
    const first = stampOf(file).stamp;
    await sleep(5);
    writeFileSync(file, readFileSync(file, 'utf8').replace('prod', 'prd2'));
    const rewritten = stampOf(file).stamp;
    expect(rewritten).not.toBe(first);
    const other = writeConfig('other');
    renameSync(other, file);
    expect(stampOf(file).stamp).not.toBe(rewritten);
  });

  it('reads anything else as absent: another stamp, path or version, damaged JSON, wrong shapes', () => {
    const file = writeConfig();
    const stamp = stampOf(file);
    expect(readListing(env, file, stamp.stamp)).toBeUndefined(); // nothing written yet
    writeListing(env, file, stamp, viewOf(file), later(file));
    expect(readListing(env, file, `${stamp.stamp}0`)).toBeUndefined();
    const cacheFile = listingCacheFile(env, file);
    const good = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, unknown>;
    const variants: unknown[] = [
      { ...good, path: '/elsewhere/config' },
      { ...good, version: 2 },
      { ...good, kind: 'Other' },
      { ...good, contexts: [['prod', 'c1', 'u1']] },
      { ...good, contexts: [[1, null, null, null]] },
      { ...good, contexts: 'prod' },
      { ...good, clusters: [['c1', 42]] },
      { ...good, users: [7] },
      { ...good, currentContext: 3 },
      null,
    ];
    for (const v of variants) {
      writeFileSync(cacheFile, JSON.stringify(v));
      expect(readListing(env, file, stamp.stamp), JSON.stringify(v)).toBeUndefined();
    }
    writeFileSync(cacheFile, '{"kind":');
    expect(readListing(env, file, stamp.stamp)).toBeUndefined();
  });

  it('gives up quietly where the cache cannot be written', () => {
    const file = writeConfig();
    const blocked = { ...env, XDG_CACHE_HOME: path.join(file, 'not-a-dir') };
    expect(() => writeListing(blocked, file, stampOf(file), viewOf(file), later(file))).not.toThrow();
    expect(readListing(blocked, file, stampOf(file).stamp)).toBeUndefined();
  });
});

describe('loading for a listing', () => {
  it('answers from the cache while the file is unchanged, parses again when it changes, and never serves a client', async () => {
    const file = writeConfig();
    await sleep(RACY_WINDOW_MS + 100);
    const first = await loadKubeconfigs([file], env, dir, { listing: true });
    expect(first.entries.map((e) => [e.clusterId, e.server ?? null, e.invalidReason ?? null])).toEqual([
      ['config:prod', 'https://a.example:6443', null],
      ['config:nouser', null, 'cluster "c2" has no server'],
      ['config:ghost', null, 'cluster "missing" not found'],
    ]);
    expect(first.entries[0]!.clusterRef!.config).toEqual({ server: 'https://a.example:6443' });

    // Prove the next listing reads the cache: an entry edited there (same stamp) is what it shows.
    const cacheFile = listingCacheFile(env, file);
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').replace('"prod"', '"from-cache"'));
    const cached = await loadKubeconfigs([file], env, dir, { listing: true });
    expect(cached.entries.map((e) => e.clusterName)).toEqual(['from-cache', 'nouser', 'ghost']);
    expect(cached.files[0]!.currentContext).toBe('prod');

    // A load for a client parses the file, whole.
    const full = await loadKubeconfigs([file], env, dir);
    expect(full.entries[0]!.clusterName).toBe('prod');
    expect(full.entries[0]!.clusterRef!.config['certificate-authority-data']).toBe(CA);
    expect(full.entries[0]!.userRef!.config.token).toBe('secret-token-u1');

    // Any change to the file, even one that keeps its size, is seen.
    writeFileSync(file, readFileSync(file, 'utf8').replace('nouser', 'nouzer'));
    const changed = await loadKubeconfigs([file], env, dir, { listing: true });
    expect(changed.entries.map((e) => e.clusterName)).toEqual(['prod', 'nouzer', 'ghost']);
  });

  it('keeps scanned files that are not kubeconfigs out of the listing, cached or not', async () => {
    const scan = path.join(dir, 'scan');
    writeConfig(path.join('scan', 'a'));
    const empty = kc().writeTo(scan, 'empty');
    writeFileSync(path.join(scan, 'notes'), 'just: [text\n');
    chmodSync(scan, 0o755);
    await sleep(RACY_WINDOW_MS + 100);
    // Named explicitly, a file without contexts is listed (and cached) as such; found by a scan, it is skipped.
    expect((await loadKubeconfigs([empty], env, dir, { listing: true })).files.map((f) => f.id)).toEqual(['empty']);
    expect(readListing(env, empty, stampOf(empty).stamp)?.contexts).toEqual([]);
    for (let run = 0; run < 2; run++) {
      const loaded = await loadKubeconfigs([scan], env, dir, { listing: true });
      expect(loaded.files.map((f) => f.id)).toEqual(['a']);
    }
  });
});
