import crypto from 'node:crypto';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createCa, createClientCert, createServerCert } from '../../src/sim/certs.js';

describe('simulator certificates', () => {
  it('are valid DER every time (a random serial once made one in 128 unparsable)', () => {
    const ca = createCa('sim-ca');
    for (let i = 0; i < 400; i++) {
      const { certPem, keyPem } = i % 2 ? createServerCert(ca) : createClientCert(ca, 'alice', ['devs']);
      const cert = new crypto.X509Certificate(certPem);
      expect(cert.verify(new crypto.X509Certificate(ca.certPem).publicKey)).toBe(true);
      expect(() => tls.createSecureContext({ key: keyPem, cert: certPem, ca: ca.certPem })).not.toThrow();
      expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    }
  });
});
