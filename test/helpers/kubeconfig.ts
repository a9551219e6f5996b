/**
 * A small kubeconfig builder for tests, in the style of kubectx's `internal/testutil`: tests say what they need
 * instead of pasting YAML.
 *
 *   kc().cluster('c1', { server: 'https://a' }).user('u1', { token: 't' })
 *     .context('prod', { cluster: 'c1', user: 'u1', namespace: 'ns' }).current('prod').writeTo(dir, 'config')
 *   kc().entry('prod', { server: 'https://a', namespace: 'web' })    // cluster, user and context named 'prod'
 *
 * Any raw field (certificate data, `exec`, `proxy-url`, `insecure-skip-tls-verify`, extensions...) passes through as
 * given; `raw()` adds or overrides top-level keys, so malformed files can be built too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** Fields of a context mapping; anything else passes through. */
export interface ContextFields {
  cluster?: string;
  user?: string;
  namespace?: string;
  [key: string]: unknown;
}

/** A fluent, immutable-looking (but cheap, mutating) kubeconfig builder. */
export class KubeconfigBuilder {
  private readonly clusters: { name: string; cluster: Record<string, unknown> }[] = [];
  private readonly users: { name: string; user: Record<string, unknown> }[] = [];
  private readonly contexts: { name: string; context: ContextFields }[] = [];
  private currentContext: string | undefined;
  private extra: Record<string, unknown> = {};

  /** Adds a cluster (`server`, `certificate-authority`, `certificate-authority-data`, `proxy-url`, ...). */
  cluster(name: string, fields: Record<string, unknown> = {}): this {
    this.clusters.push({ name, cluster: fields });
    return this;
  }

  /** Adds a user (`token`, `client-certificate-data`, `client-key`, `exec`, `username`/`password`, ...). */
  user(name: string, fields: Record<string, unknown> = {}): this {
    this.users.push({ name, user: fields });
    return this;
  }

  /** Adds a context referring to a cluster and user by name. */
  context(name: string, fields: ContextFields = {}): this {
    this.contexts.push({ name, context: fields });
    return this;
  }

  /** Adds a cluster, a user (token `token-<name>`) and a context, all named `name`. */
  entry(name: string, opts: { server?: string; namespace?: string; token?: string } = {}): this {
    this.cluster(name, { server: opts.server ?? `https://${name.replace(/[^a-z0-9.-]/gi, '-')}.example:6443` });
    this.user(name, { token: opts.token ?? `token-${name}` });
    return this.context(name, { cluster: name, user: name, ...(opts.namespace ? { namespace: opts.namespace } : {}) });
  }

  /** Sets `current-context`. */
  current(name: string): this {
    this.currentContext = name;
    return this;
  }

  /** Adds or overrides top-level keys as given (for odd or malformed files). */
  raw(fields: Record<string, unknown>): this {
    this.extra = { ...this.extra, ...fields };
    return this;
  }

  /** The kubeconfig as a plain object. */
  toObject(): Record<string, unknown> {
    return {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: this.clusters,
      users: this.users,
      contexts: this.contexts,
      ...(this.currentContext !== undefined ? { 'current-context': this.currentContext } : {}),
      ...this.extra,
    };
  }

  /** The kubeconfig as YAML text. */
  toYaml(): string {
    return stringify(this.toObject());
  }

  /** Writes the YAML to `dir/name` (creating folders) and returns the file's absolute path. */
  writeTo(dir: string, name = 'config'): string {
    const file = path.resolve(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, this.toYaml());
    return file;
  }
}

/** Starts a kubeconfig builder. */
export function kc(): KubeconfigBuilder {
  return new KubeconfigBuilder();
}
