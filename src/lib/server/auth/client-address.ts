/**
 * Which address a request came from, for throttling and the audit log. A header is only as
 * trustworthy as whoever set it: any client can send `X-Forwarded-For` or `CF-Connecting-IP`
 * to a server it reaches directly, so those count only when the deployment says a proxy sets
 * them. The peer address itself comes from the SvelteKit glue (`getClientAddress()`: the socket
 * on Node; on Cloudflare the `CF-Connecting-IP` that Cloudflare itself writes).
 */
import ipaddr from 'ipaddr.js';

/** The proxies named in `TRUST_PROXY`: addresses or CIDR ranges, IPv4 or IPv6. */
export type TrustedProxies = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

/** A proxy on the same machine, in either address family. */
const LOOPBACK = ['127.0.0.0/8', '::1/128'];

/**
 * Parses `TRUST_PROXY`: comma-separated addresses or CIDR ranges, or `loopback`. Throws on an
 * entry that is none of these, so a typo stops the server instead of trusting the wrong hop.
 * @example parseTrustedProxies('loopback, 10.0.0.0/8, 2001:db8::1')
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
	const entries = (value ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.flatMap((e) => (e === 'loopback' ? LOOPBACK : [e]));
	return entries.map((entry): [ipaddr.IPv4 | ipaddr.IPv6, number] => {
		if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
		if (!ipaddr.isValid(entry)) throw new Error(`TRUST_PROXY: not an address or range: ${entry}`);
		const addr = unmap(ipaddr.parse(entry));
		return [addr, addr.kind() === 'ipv4' ? 32 : 128];
	});
}

/** `::ffff:10.0.0.1` (how Node reports IPv4 peers on a dual-stack socket) as `10.0.0.1`. */
function unmap(addr: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
	return addr instanceof ipaddr.IPv6 && addr.isIPv4MappedAddress() ? addr.toIPv4Address() : addr;
}

function isTrusted(address: string, trusted: TrustedProxies): boolean {
	if (!trusted.length || !ipaddr.isValid(address)) return false;
	const addr = unmap(ipaddr.parse(address));
	return trusted.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range, bits));
}

/**
 * The client's address: the peer, unless the peer is a trusted proxy, in which case the
 * nearest `X-Forwarded-For` hop that is not itself a trusted proxy (hops further left were
 * written by whoever sent the request and prove nothing).
 * @example clientAddress('10.0.0.2', '203.0.113.9, 198.51.100.1', parseTrustedProxies('10.0.0.0/8')) // '198.51.100.1'
 */
export function clientAddress(
	peer: string | null | undefined,
	forwardedFor: string | null | undefined,
	trusted: TrustedProxies
): string | null {
	if (!peer) return null;
	let address = peer;
	if (!isTrusted(address, trusted)) return address;
	const hops = (forwardedFor ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	while (hops.length && isTrusted(address, trusted)) address = hops.pop()!;
	return address;
}
