/**
 * Authentication (bearer tokens, client certificates signed by the cluster CA) and authorization (per-user rules)
 * with the Status messages kubectl prints: `pods is forbidden: User "bob" cannot list resource "pods" in API group ""
 * in the namespace "default"`.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ResolvedOptions, SimRule, SimUser } from './types.js';

/** What a request asks to do, in RBAC terms. */
export interface RequestAttributes {
  readonly verb: string;
  readonly group: string;
  /** Plural resource name. */
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** Identifies the caller by bearer token or by verified client certificate; undefined = 401. */
export function authenticate(req: IncomingMessage, opts: ResolvedOptions): SimUser | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string' && /^bearer /i.test(header)) {
    const token = header.slice(7).trim();
    const user = opts.users.find((u) => u.token === token);
    return user ? { name: user.name, groups: user.groups ?? [], rules: user.rules } : undefined;
  }
  const socket = req.socket as TLSSocket;
  if (socket.authorized && typeof socket.getPeerCertificate === 'function') {
    const cert = socket.getPeerCertificate();
    const cn = cert?.subject?.CN;
    if (typeof cn === 'string' && cn !== '') {
      const org = cert.subject.O as string | string[] | undefined;
      const groups = org === undefined ? [] : Array.isArray(org) ? org : [org];
      const known = opts.users.find((u) => u.name === cn);
      return { name: cn, groups, rules: known?.rules };
    }
  }
  return undefined;
}

function ruleMatches(rule: SimRule, a: RequestAttributes): boolean {
  if (!rule.verbs.includes('*') && !rule.verbs.includes(a.verb)) return false;
  const base = a.group ? [a.resource, `${a.resource}.${a.group}`] : [a.resource];
  const names = a.subresource ? [...base.map((b) => `${b}/${a.subresource}`), ...base.map((b) => `${b}/*`)] : base;
  if (!rule.resources.some((r) => r === '*' || names.includes(r))) return false;
  if (!rule.namespaces) return true;
  if (rule.namespaces.includes('*')) return true;
  return a.namespace !== undefined && rule.namespaces.includes(a.namespace);
}

/** Whether `user` may do `a`: a user without rules may do everything. */
export function authorize(user: SimUser, a: RequestAttributes): boolean {
  if (!user.rules) return true;
  return user.rules.some((r) => ruleMatches(r, a));
}

/** The real server's Forbidden message and details for a denied request. */
export function forbidden(user: SimUser, a: RequestAttributes): { message: string; details: Record<string, unknown> } {
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const what = a.name ? `${qualified} "${a.name}"` : qualified;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const message = `${what} is forbidden: User "${user.name}" cannot ${a.verb} resource "${res}" in API group "${a.group}" ${scope}`;
  const details: Record<string, unknown> = { kind: a.resource };
  if (a.name) details.name = a.name;
  if (a.group) details.group = a.group;
  return { message, details };
}

/** The SelfSubjectRulesReview `resourceRules` for a user in a namespace (one rule per API group, as RBAC shows them). */
export function rulesFor(user: SimUser, namespace: string): { verbs: string[]; apiGroups: string[]; resources: string[] }[] {
  if (!user.rules) return [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
  const out: { verbs: string[]; apiGroups: string[]; resources: string[] }[] = [];
  for (const rule of user.rules) {
    if (rule.namespaces && !rule.namespaces.includes('*') && !rule.namespaces.includes(namespace)) continue;
    const byGroup = new Map<string, string[]>();
    for (const r of rule.resources) {
      const [base = '', sub] = r.split('/');
      const dot = base.indexOf('.');
      const group = r === '*' ? '*' : dot < 0 ? '' : base.slice(dot + 1);
      const plural = dot < 0 ? base : base.slice(0, dot);
      if (!byGroup.has(group)) byGroup.set(group, []);
      byGroup.get(group)!.push(sub ? `${plural}/${sub}` : plural);
    }
    for (const [group, resources] of byGroup) out.push({ verbs: [...rule.verbs], apiGroups: [group], resources });
  }
  return out;
}
