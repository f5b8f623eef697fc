/** Which provider a URL's host belongs to (table in `knowledge/provider-hosts.ts`). */
import { HOST_MUST_CONTAIN, PROVIDER_HOSTS, type ProviderHost } from "../knowledge/provider-hosts.js";

export function providerHost(host: string): ProviderHost | undefined {
  const h = host.toLowerCase();
  return PROVIDER_HOSTS.find((p) => {
    const matches = p.host.startsWith(".") || p.host.startsWith("-") ? h.endsWith(p.host) || h === p.host.slice(1) : h === p.host || h.startsWith(`${p.host}:`);
    const required = HOST_MUST_CONTAIN[p.host];
    return matches && (!required || h.includes(required));
  });
}

/** `http://localhost:…`, `127.0.0.1`, `[::1]`: a server on the user's own machine. */
export function isLoopbackHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)(:\d+)?$/i.test(host);
}
