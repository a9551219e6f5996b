/**
 * Credentials and TLS settings for one cluster entry, from its kubeconfig objects as written (DESIGN.md s.4).
 *
 * The raw kubeconfig keys are converted to @kubernetes/client-node's option shape (`Cluster`, `User`, what
 * `KubeConfig.loadFromOptions` takes), relative file paths resolved against the folder of the file that defined the
 * object, as kubectl does. Static credentials (token, token-file, client certificate, basic auth, impersonation) are
 * applied here the way `KubeConfig.applyToHTTPSOptions` applies them; exec plugins and auth providers go through
 * the library's own authenticators (`ExecAuth`, `OpenIDConnectAuth`...), imported lazily one by one. We do not load
 * `KubeConfig` itself: its module pulls in the generated API client, which costs ~0.75 s and ~110 MB per run.
 *
 * A `CredentialStore` (one per run) resolves each distinct user once: contexts that share a user (same file and
 * name, or identical config) share one promise, so an exec plugin runs once however many clusters ask at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Cluster, User } from '@kubernetes/client-node/dist/config_types.js';
import type { ResolvedRef } from './types.js';

/** TLS settings of one cluster, ready for an https.Agent. */
export interface ClusterTls {
  ca?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

/** What a user's credentials add to every request: headers and, for certificate auth, a client cert and key. */
export interface UserCredentials {
  headers: Record<string, string>;
  cert?: Buffer | string;
  key?: Buffer | string;
}

/** A credential failure whose message is safe to show (never plugin output, never a secret). */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
}

function str(config: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = config[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Resolves a kubeconfig path against the folder of the file that defined it (absolute paths stay). */
function absolute(ref: ResolvedRef, p: string | undefined): string | undefined {
  return p === undefined ? undefined : path.resolve(path.dirname(ref.file), p);
}

/** The cluster mapping of a kubeconfig in @kubernetes/client-node's `Cluster` shape (paths made absolute). */
export function toLibraryCluster(ref: ResolvedRef, server: string): Cluster {
  const c = ref.config;
  return {
    name: ref.name,
    server: server.replace(/\/$/, ''),
    caData: str(c, 'certificate-authority-data'),
    caFile: absolute(ref, str(c, 'certificate-authority')),
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: str(c, 'tls-server-name'),
    proxyUrl: str(c, 'proxy-url'),
  };
}

/**
 * The user mapping of a kubeconfig in @kubernetes/client-node's `User` shape. `token-file` is read now (trimmed, as
 * kubectl does); an exec command containing a path separator is resolved against the kubeconfig's folder.
 */
export function toLibraryUser(ref: ResolvedRef | undefined): User {
  if (!ref) return { name: '' };
  const u = ref.config;
  const tokenFile = absolute(ref, str(u, 'token-file'));
  let token = str(u, 'token');
  if (!token && tokenFile) {
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch {
      throw new CredentialError(`cannot read token-file ${tokenFile} of user "${ref.name}"`);
    }
  }
  let exec = u.exec && typeof u.exec === 'object' ? { ...(u.exec as Record<string, unknown>) } : undefined;
  if (exec && typeof exec.command === 'string' && exec.command.includes('/')) {
    exec = { ...exec, command: absolute(ref, exec.command) };
  }
  return {
    name: ref.name,
    token,
    certData: str(u, 'client-certificate-data'),
    certFile: absolute(ref, str(u, 'client-certificate')),
    keyData: str(u, 'client-key-data'),
    keyFile: absolute(ref, str(u, 'client-key')),
    username: str(u, 'username'),
    password: str(u, 'password'),
    impersonateUser: str(u, 'as'),
    exec,
    authProvider: u['auth-provider'] ?? undefined,
  };
}

/** Base64 data or a file's content, as kubectl reads `*-data` / file pairs. */
function dataOrFile(data: string | undefined, file: string | undefined, what: string): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    throw new CredentialError(`cannot read ${what} ${file}`);
  }
}

/** TLS settings for an https.Agent from a library-shaped cluster. */
export function clusterTls(cluster: Cluster): ClusterTls {
  return {
    ca: dataOrFile(cluster.caData, cluster.caFile, 'certificate-authority'),
    rejectUnauthorized: !cluster.skipTLSVerify,
    servername: cluster.tlsServerName,
  };
}

/** The key under which a user's credentials are shared within a run: its config, whatever it is named. */
export function userIdentity(user: User): string {
  const { name: _name, ...rest } = user;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

interface Authenticator {
  isAuthProvider(user: User): boolean;
  applyAuthentication(user: User, opts: object): Promise<void>;
}

/** The library's authenticators in the order `KubeConfig` tries them, each module loaded only when reached. */
const AUTHENTICATORS: ReadonlyArray<() => Promise<Authenticator>> = [
  async () => new (await import('@kubernetes/client-node/dist/azure_auth.js')).AzureAuth(),
  async () => new (await import('@kubernetes/client-node/dist/gcp_auth.js')).GoogleCloudPlatformAuth(),
  async () => new (await import('@kubernetes/client-node/dist/exec_auth.js')).ExecAuth(),
  async () => new (await import('@kubernetes/client-node/dist/file_auth.js')).FileAuth() as Authenticator,
  async () => new (await import('@kubernetes/client-node/dist/oidc_auth.js')).OpenIDConnectAuth(),
];

/** Runs the library authenticator that claims `user` (exec plugin, oidc...), in the library's order. */
async function applyPluginAuth(user: User, opts: { headers: Record<string, string>; cert?: unknown; key?: unknown }): Promise<void> {
  for (const load of AUTHENTICATORS) {
    const auth = await load();
    if (!auth.isAuthProvider(user)) continue;
    try {
      await auth.applyAuthentication(user, opts);
    } catch (err) {
      const command = typeof user.exec?.command === 'string' ? ` "${path.basename(user.exec.command)}"` : '';
      const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? ': command not found' : '';
      const what = user.exec ? `exec credential plugin${command} failed${code}` : `auth provider of user "${user.name}" failed`;
      throw new CredentialError(what, { cause: err });
    }
    return;
  }
}

/** Computes a user's credentials as `KubeConfig.applyToHTTPSOptions` would. */
export async function resolveCredentials(user: User): Promise<UserCredentials> {
  const opts: { headers: Record<string, string>; cert?: Buffer | string; key?: Buffer | string } = { headers: {} };
  opts.cert = dataOrFile(user.certData, user.certFile, 'client-certificate');
  opts.key = dataOrFile(user.keyData, user.keyFile, 'client-key');
  if (user.impersonateUser) opts.headers['Impersonate-User'] = user.impersonateUser;
  if (user.exec || user.authProvider) await applyPluginAuth(user, opts);
  if (user.token) opts.headers.Authorization = `Bearer ${user.token}`;
  if (user.username) opts.headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
  return { headers: opts.headers, cert: opts.cert, key: opts.key };
}

/** Resolves each distinct user once per run; concurrent callers for the same user share one resolution. */
export interface CredentialStore {
  credentialsFor(user: User): Promise<UserCredentials>;
}

/** A fresh store for one run (no module-level cache: each invocation runs exec plugins afresh, once). */
export function createCredentialStore(resolve: (user: User) => Promise<UserCredentials> = resolveCredentials): CredentialStore {
  const byIdentity = new Map<string, Promise<UserCredentials>>();
  return {
    credentialsFor(user) {
      const key = userIdentity(user);
      let pending = byIdentity.get(key);
      if (!pending) {
        pending = resolve(user);
        byIdentity.set(key, pending);
      }
      return pending;
    },
  };
}
