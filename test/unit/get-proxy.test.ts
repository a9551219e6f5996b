import { describe, expect, it } from 'vitest';
import { noProxyMatches, proxyFor } from '../../src/clusters/proxy.js';

describe('noProxyMatches', () => {
  it.each([
    ['k.example.com', '443', undefined, false],
    ['k.example.com', '443', '', false],
    ['k.example.com', '443', '*', true],
    ['k.example.com', '443', 'example.com', true],
    ['k.example.com', '443', '.example.com', true],
    ['k.example.com', '443', '*.example.com', true],
    ['example.com', '443', '.example.com', true],
    ['k.example.org', '443', 'example.com, other', false],
    ['k.example.com', '443', 'k.example.com:6443', false],
    ['k.example.com', '6443', 'k.example.com:6443', true],
    ['10.0.0.1', '443', '10.0.0.1', true],
    ['K.EXAMPLE.COM', '443', 'example.com', true],
  ])('%s:%s in %j -> %s', (host, port, list, expected) => {
    expect(noProxyMatches(host, port, list)).toBe(expected);
  });
});

describe('proxyFor', () => {
  const server = new URL('https://k.example.com:6443');
  it('prefers the kubeconfig proxy-url, even for loopback', () => {
    expect(proxyFor(new URL('https://127.0.0.1:1'), 'http://p:3128', {})?.href).toBe('http://p:3128/');
  });
  it('uses HTTPS_PROXY unless NO_PROXY or loopback', () => {
    expect(proxyFor(server, undefined, { HTTPS_PROXY: 'http://p:3128' })?.host).toBe('p:3128');
    expect(proxyFor(server, undefined, { https_proxy: 'p:8080' })?.href).toBe('http://p:8080/');
    expect(proxyFor(server, undefined, { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'example.com' })).toBeUndefined();
    expect(proxyFor(new URL('https://127.0.0.1:6443'), undefined, { HTTPS_PROXY: 'http://p:3128' })).toBeUndefined();
    expect(proxyFor(new URL('https://localhost:6443'), undefined, { HTTPS_PROXY: 'http://p:3128' })).toBeUndefined();
    expect(proxyFor(new URL('https://[::1]:6443'), undefined, { HTTPS_PROXY: 'http://p:3128' })).toBeUndefined();
    expect(proxyFor(server, undefined, {})).toBeUndefined();
    expect(proxyFor(new URL('http://k:80'), 'http://p:1', { HTTPS_PROXY: 'http://p:3128' })).toBeUndefined();
  });
  it('rejects socks proxies', () => {
    expect(() => proxyFor(server, 'socks5://p:1080', {})).toThrow(/unsupported proxy scheme socks5/);
  });
});
