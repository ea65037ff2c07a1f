import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from './client-address';

describe('the client address', () => {
	it('is the peer when no proxy is trusted, whatever the headers say', () => {
		expect(clientAddress('198.51.100.5', '203.0.113.1', parseTrustedProxies(''))).toBe(
			'198.51.100.5'
		);
		expect(clientAddress('198.51.100.5', undefined, parseTrustedProxies(undefined))).toBe(
			'198.51.100.5'
		);
	});

	it('is the peer when the peer is not one of the trusted proxies', () => {
		const trusted = parseTrustedProxies('10.0.0.1');
		expect(clientAddress('198.51.100.5', '203.0.113.1', trusted)).toBe('198.51.100.5');
	});

	it('behind a trusted proxy, is the nearest forwarded hop the proxies did not write', () => {
		const trusted = parseTrustedProxies('10.0.0.0/8, 2001:db8::1');
		// The client sent a made-up first hop; the proxy appended the address it really saw.
		expect(clientAddress('10.0.0.2', '1.2.3.4, 198.51.100.7', trusted)).toBe('198.51.100.7');
		// Two proxies in a row: both are skipped.
		expect(clientAddress('2001:db8::1', '198.51.100.8, 10.1.2.3', trusted)).toBe('198.51.100.8');
		// A trusted proxy that forwarded nothing: the proxy is all we know.
		expect(clientAddress('10.0.0.2', undefined, trusted)).toBe('10.0.0.2');
	});

	it('matches IPv4 peers that Node reports in their IPv6-mapped form, and `loopback`', () => {
		expect(clientAddress('::ffff:127.0.0.1', '198.51.100.9', parseTrustedProxies('loopback'))).toBe(
			'198.51.100.9'
		);
		expect(clientAddress('::1', '198.51.100.9', parseTrustedProxies('loopback'))).toBe(
			'198.51.100.9'
		);
		expect(clientAddress('::ffff:10.0.0.1', '198.51.100.9', parseTrustedProxies('10.0.0.1'))).toBe(
			'198.51.100.9'
		);
	});

	it('refuses a TRUST_PROXY entry that is not an address or range', () => {
		expect(() => parseTrustedProxies('10.0.0.1, nginx')).toThrow(/nginx/);
		expect(() => parseTrustedProxies('true')).toThrow();
	});

	it('is unknown when the host could not tell the peer', () => {
		expect(clientAddress(undefined, '198.51.100.1', parseTrustedProxies('loopback'))).toBeNull();
	});
});
