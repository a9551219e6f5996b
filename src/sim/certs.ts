/**
 * X.509 for the simulator: a CA per cluster, a server certificate for 127.0.0.1/localhost and client certificates
 * (CN = user, O = groups), all ECDSA P-256. Written against node:crypto with a tiny DER encoder instead of a
 * certificate library, so `kubemux demo` needs no dependency beyond Node itself.
 */
import crypto from 'node:crypto';

/** A certificate with its private key, both PEM. */
export interface CertPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A certificate authority that can sign leaf certificates. */
export interface CertAuthority extends CertPair {
  readonly key: crypto.KeyObject;
  readonly subjectDer: Buffer;
  readonly keyId: Buffer;
}

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...parts: Buffer[]): Buffer => tlv(0x30, ...parts);
const set = (...parts: Buffer[]): Buffer => tlv(0x31, ...parts);
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bits = (b: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.from([unused]), b);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));

function oid(text: string): Buffer {
  const parts = text.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-11-26T13:24:13.000Z
  const text = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function name(commonName: string, organizations: readonly string[] = []): Buffer {
  const rdns = organizations.map((o) => set(seq(oid('2.5.4.10'), utf8(o))));
  return seq(...rdns, set(seq(oid('2.5.4.3'), utf8(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), tlv(0x01, Buffer.from([0xff])), octets(value)) : seq(oid(id), octets(value));
}

function ipBytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

interface LeafSpec {
  subject: Buffer;
  publicKey: crypto.KeyObject;
  isCa: boolean;
  extKeyUsage: string[];
  dnsNames?: string[];
  ips?: string[];
}

function sign(spec: LeafSpec, issuer: { subjectDer: Buffer; key: crypto.KeyObject; keyId: Buffer }): string {
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const keyId = crypto.createHash('sha1').update(spki).digest();
  const exts: Buffer[] = [
    extension('2.5.29.19', true, spec.isCa ? seq(tlv(0x01, Buffer.from([0xff]))) : seq()),
    extension('2.5.29.15', true, spec.isCa ? bits(Buffer.from([0x86]), 1) : bits(Buffer.from([0xa0]), 5)),
    extension('2.5.29.14', false, octets(keyId)),
    extension('2.5.29.35', false, seq(tlv(0x80, issuer.keyId))),
  ];
  if (spec.extKeyUsage.length > 0) exts.push(extension('2.5.29.37', false, seq(...spec.extKeyUsage.map(oid))));
  const sans = [
    ...(spec.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...(spec.ips ?? []).map((ip) => tlv(0x87, ipBytes(ip))),
  ];
  if (sans.length > 0) exts.push(extension('2.5.29.17', false, seq(...sans)));
  // A DER INTEGER must be positive and minimal: a first byte of 0x00 followed by one below 0x80 is "illegal
  // padding" to OpenSSL (it failed one certificate in 128). Setting 0x40 and clearing 0x80 rules out both.
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    ECDSA_SHA256,
    issuer.subjectDer,
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 10 * 365 * 86400_000))),
    spec.subject,
    spki,
    tlv(0xa3, seq(...exts)),
  );
  const signature = crypto.sign('sha256', tbs, issuer.key);
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

function newKey(): { publicKey: crypto.KeyObject; privateKey: crypto.KeyObject } {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function pemKey(key: crypto.KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** Creates a self-signed CA named `commonName`; every simulated cluster gets its own. */
export function createCa(commonName: string): CertAuthority {
  const { publicKey, privateKey } = newKey();
  const subjectDer = name(commonName);
  const keyId = crypto.createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
  const certPem = sign({ subject: subjectDer, publicKey, isCa: true, extKeyUsage: [] }, { subjectDer, key: privateKey, keyId });
  return { certPem, keyPem: pemKey(privateKey), key: privateKey, subjectDer, keyId };
}

/** A serving certificate for 127.0.0.1 and localhost, signed by `ca` (what kubectl verifies against the kubeconfig CA). */
export function createServerCert(ca: CertAuthority): CertPair {
  const { publicKey, privateKey } = newKey();
  const certPem = sign(
    { subject: name('kube-apiserver'), publicKey, isCa: false, extKeyUsage: ['1.3.6.1.5.5.7.3.1'], dnsNames: ['localhost'], ips: ['127.0.0.1'] },
    ca,
  );
  return { certPem, keyPem: pemKey(privateKey) };
}

/** A client certificate for `user` in `groups` (subject CN=user, O=group...), signed by `ca`. */
export function createClientCert(ca: CertAuthority, user: string, groups: readonly string[] = []): CertPair {
  const { publicKey, privateKey } = newKey();
  const certPem = sign({ subject: name(user, groups), publicKey, isCa: false, extKeyUsage: ['1.3.6.1.5.5.7.3.2'] }, ca);
  return { certPem, keyPem: pemKey(privateKey) };
}
