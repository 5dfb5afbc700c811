/**
 * Where the server may fetch a provider's result from (SSRF guard for downloadToStorage): http(s) only, no
 * credentials in the URL, public addresses only — checked on the literal host, on every address the name
 * resolves to at connection time (so a name cannot be re-pointed between the check and the connection), and
 * again on every redirect. Known provider hosts can be allow-listed; trusted origins (the local simulator, a
 * mirror on the private network) are the only way to reach a private address.
 */
import * as dns from 'dns';
import { BlockList, isIP } from 'net';
import { Agent } from 'undici';
import { MediaError } from '../media/errors';

export interface UrlPolicy {
  /** host names a result may come from: `cdn.example.com` exactly, `.example.com` for it and its subdomains; empty: any public host */
  allowedHosts: string[];
  /** origins (`http://127.0.0.1:7002`) fetched even on private addresses: the local simulator, an internal mirror */
  trustedOrigins: string[];
}

/** Addresses that are not the public internet: loopback, private, link-local (cloud metadata), CGNAT, documentation, multicast, reserved. */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** true for an address on the public internet (IPv4-mapped IPv6 judged by its IPv4 address). */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return isPublicAddress(mapped[1] as string);
  const family = isIP(ip);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

const refused = (url: string, why: string) => new MediaError('MEDIA_INVALID', '视频地址不被允许', { reason: 'url_refused', why, host: safeHost(url) });

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

const hostAllowed = (host: string, allowed: string[]) => allowed.some(a => (a.startsWith('.') ? host === a.slice(1) || host.endsWith(a) : host === a));

/** Checks one URL (the first, or a redirect's target) before it is fetched; throws MediaError url_refused. */
export function checkUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(raw, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused(raw, `scheme ${url.protocol}`);
  if (url.username || url.password) throw refused(raw, 'credentials in the URL');
  if (policy.trustedOrigins.includes(url.origin)) return url;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (policy.allowedHosts.length && !hostAllowed(host, policy.allowedHosts)) throw refused(raw, 'host not in VIDEO_DOWNLOAD_HOSTS');
  if (isIP(host) && !isPublicAddress(host)) throw refused(raw, 'private address');
  return url;
}

/**
 * An undici dispatcher whose DNS lookups refuse names resolving to a non-public address (except the trusted
 * origins' hosts): the check happens on the addresses actually connected to.
 */
export function guardedDispatcher(policy: UrlPolicy): Agent {
  const trustedHosts = new Set(policy.trustedOrigins.map(o => safeHost(o).replace(/:\d+$/, '').toLowerCase()));
  return new Agent({
    connect: {
      lookup(hostname, options, callback) {
        dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
          if (err) return callback(err, '', 0);
          const list = addresses as dns.LookupAddress[];
          if (!trustedHosts.has(hostname.toLowerCase()) && (!list.length || list.some(a => !isPublicAddress(a.address)))) {
            return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'URL_REFUSED' }), '', 0);
          }
          if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
          const first = list[0] as dns.LookupAddress;
          callback(null, first.address, first.family);
        });
      },
    },
  });
}
