// Proxies from the environment: HTTP_PROXY, HTTPS_PROXY and NO_PROXY (and their lower-case
// spellings), read as undici's EnvHttpProxyAgent reads them. The variables come from an explicit
// env object, never straight from process.env inside undici, so tests can pass their own.
import { Agent, EnvHttpProxyAgent, Pool, fetch as undiciFetch, type Dispatcher } from 'undici';

/** Where the proxy variables are read from: process.env by default. */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** The proxy variables as undici takes them; an empty string is "none". */
export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/**
 * The lower-case spelling wins when both are set, as in undici and curl: a variable set to the
 * empty string still counts as set, and so turns the proxy off. Undefined when neither proxy is
 * set (NO_PROXY alone changes nothing). An https URL with no HTTPS_PROXY goes through HTTP_PROXY,
 * as undici does.
 */
export function proxySettings(env: ProxyEnv = process.env): ProxySettings | undefined {
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? '';
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? '';
  if (httpProxy === '' && httpsProxy === '') return undefined;
  return { httpProxy, httpsProxy, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
}

/**
 * The proxy a request to `url` goes through, as a URL without its credentials (for messages), or
 * undefined when it goes direct: NO_PROXY read as undici reads it ("*", a host, ".domain" or a
 * bare domain with its subdomains, an optional ":port").
 */
export function proxyFor(url: URL, settings: ProxySettings | undefined): string | undefined {
  if (settings === undefined) return undefined;
  const proxy = url.protocol === 'https:' ? settings.httpsProxy || settings.httpProxy : settings.httpProxy;
  if (proxy === '' || bypassed(url, settings.noProxy)) return undefined;
  try {
    const p = new URL(proxy);
    p.username = '';
    p.password = '';
    return p.origin;
  } catch {
    return 'the proxy';
  }
}

function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[,\s]+/).filter(Boolean)) {
    if (raw === '*') return true;
    const [name = '', wantPort] = raw.toLowerCase().replace(/^\*?\./, '.').split(/:(?=\d+$)/);
    if (wantPort !== undefined && wantPort !== port) continue;
    const bare = name.replace(/^\./, '').replace(/^\[|\]$/g, '');
    if (host === bare || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/** What every connection keeps, proxied or not; undici's defaults where unset. */
export interface ConnectionOptions {
  connections?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

/**
 * A plain Agent, or an EnvHttpProxyAgent when a proxy variable is set in `env`. Both keep the
 * same connection options: undici's proxy agent builds its connections to the proxy with a bare
 * Client (one connection, default timeouts) unless given a factory, so the factory here carries
 * ours. An http target goes to the proxy as an absolute-form request (proxyTunnel off), an https
 * one through a CONNECT tunnel, as curl does.
 */
export function createDispatcher(options: ConnectionOptions, env: ProxyEnv = process.env): Dispatcher {
  const pool = defined({ connections: options.connections, headersTimeout: options.headersTimeoutMs, bodyTimeout: options.bodyTimeoutMs });
  const connect = defined({ timeout: options.connectTimeoutMs });
  const base = { ...pool, connect };
  const proxies = proxySettings(env);
  if (proxies === undefined) return new Agent(base);
  return new EnvHttpProxyAgent({
    ...base,
    ...proxies,
    proxyTunnel: false,
    // The connection to the proxy itself: its connect timeout.
    proxyTls: connect,
    factory: (origin: string | URL, opts: object) => new Pool(origin, { ...pool, ...opts }),
  });
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch through the environment's proxy for the LLM endpoint, or undefined when there is none.
 * It is undici's own fetch: a dispatcher from this undici cannot be handed to Node's global fetch
 * (another undici inside Node), which the openai SDK warns of too.
 */
export function proxiedFetch(options: ConnectionOptions, env: ProxyEnv = process.env): FetchLike | undefined {
  if (proxySettings(env) === undefined) return undefined;
  const dispatcher = createDispatcher(options, env);
  return (input, init) => undiciFetch(input as string, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
}

function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
