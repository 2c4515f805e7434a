// robots.txt per RFC 9309: a pure parser and matcher, no I/O.
// Parsing is as lenient as Google's (missing colons, common misspellings) but every
// leniency is still reported in `problems`, for the robots-txt-invalid rule.

export interface RobotsRule {
  allow: boolean;
  /** Pattern after percent-encoding normalisation (RFC 9309 §2.2.2). */
  pattern: string;
  line: number;
}

export interface RobotsGroup {
  /** Lower-cased product tokens; "*" is the global group. */
  userAgents: string[];
  rules: RobotsRule[];
  /** Non-standard `Crawl-delay`, in seconds. */
  crawlDelay?: number;
}

export interface RobotsProblem {
  line: number;
  message: string;
}

export interface RobotsTxt {
  groups: RobotsGroup[];
  /** `Sitemap:` URLs in file order; they belong to no group. */
  sitemaps: string[];
  problems: RobotsProblem[];
}

type Directive = 'user-agent' | 'allow' | 'disallow' | 'sitemap' | 'crawl-delay';

const DIRECTIVES: ReadonlyMap<string, Directive> = new Map([
  ['user-agent', 'user-agent'],
  ['allow', 'allow'],
  ['disallow', 'disallow'],
  ['sitemap', 'sitemap'],
  ['crawl-delay', 'crawl-delay'],
]);

// The misspellings Google's parser accepts (robots.cc, kAllowFrequentTypos).
const MISSPELLINGS: ReadonlyMap<string, Directive> = new Map([
  ['useragent', 'user-agent'],
  ['user agent', 'user-agent'],
  ['dissallow', 'disallow'],
  ['dissalow', 'disallow'],
  ['disalow', 'disallow'],
  ['diasllow', 'disallow'],
  ['disallaw', 'disallow'],
  ['site-map', 'sitemap'],
]);

const PRODUCT_TOKEN = /^[A-Za-z_-]+/;
const CRAWL_DELAY = /^\d+(?:\.\d+)?$/;

export function parseRobots(text: string): RobotsTxt {
  // User-agent lines in a row share a group; blank, sitemap and unknown lines between them do not
  // end it (as Google). Crawl-delay does, unlike Google which ignores it: it belongs to the group.
  const state: ParseState = { robots: { groups: [], sitemaps: [], problems: [] }, group: undefined, groupHasRules: false };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => parseLine(state, raw, index + 1));
  return state.robots;
}

/** A parse under way: what was read, and the group the next lines belong to. */
interface ParseState {
  robots: RobotsTxt;
  group: RobotsGroup | undefined;
  groupHasRules: boolean;
}

function problem(state: ParseState, line: number, message: string): void {
  state.robots.problems.push({ line, message });
}

function parseLine(state: ParseState, raw: string, line: number): void {
  const hash = raw.indexOf('#');
  const content = (hash === -1 ? raw : raw.slice(0, hash)).trim();
  if (content === '') return;
  const split = splitLine(content);
  if (split === undefined) return problem(state, line, `cannot parse "${content}": expected "<directive>: <value>"`);
  const { key, value, hasColon } = split;
  const lowerKey = key.toLowerCase();
  const misspelt = MISSPELLINGS.get(lowerKey);
  const directive = DIRECTIVES.get(lowerKey) ?? misspelt;
  if (directive === undefined) return problem(state, line, `unknown directive "${key}"`);
  if (misspelt !== undefined) problem(state, line, `"${key}" is a misspelling of "${misspelt}"`);
  if (!hasColon) problem(state, line, `missing ":" after "${key}"`);
  switch (directive) {
    case 'user-agent':
      return userAgentLine(state, value, line);
    case 'allow':
    case 'disallow':
      return ruleLine(state, key, directive, value, line);
    case 'sitemap':
      if (value === '') problem(state, line, 'sitemap without a URL');
      else state.robots.sitemaps.push(value);
      return;
    case 'crawl-delay':
      return crawlDelayLine(state, key, value, line);
  }
}

function userAgentLine(state: ParseState, value: string, line: number): void {
  if (state.group === undefined || state.groupHasRules) {
    state.group = { userAgents: [], rules: [] };
    state.robots.groups.push(state.group);
    state.groupHasRules = false;
  }
  const token = productToken(value);
  if (token === undefined) return problem(state, line, `user-agent "${value}" has no product token (letters, "-" and "_")`);
  if (token !== '*' && token.length !== value.length) problem(state, line, `user-agent "${value}" is not a product token; it matches as "${token}"`);
  state.group.userAgents.push(token.toLowerCase());
}

function ruleLine(state: ParseState, key: string, directive: 'allow' | 'disallow', value: string, line: number): void {
  const { group } = state;
  if (group === undefined) return problem(state, line, `"${key}" before any user-agent line is ignored`);
  state.groupHasRules = true;
  // An empty pattern matches nothing (RFC 9309 §2.2.2); it is valid, not a problem.
  if (value === '') return;
  if (!value.startsWith('/') && !value.startsWith('*')) problem(state, line, `pattern "${value}" must start with "/" or "*"`);
  group.rules.push({ allow: directive === 'allow', pattern: normalisePath(value), line });
}

function crawlDelayLine(state: ParseState, key: string, value: string, line: number): void {
  const { group } = state;
  if (group === undefined) return problem(state, line, `"${key}" before any user-agent line is ignored`);
  state.groupHasRules = true;
  if (!CRAWL_DELAY.test(value)) problem(state, line, `crawl-delay "${value}" is not a number of seconds`);
  else group.crawlDelay = Number(value);
}

/** `key: value`, or Google's fallback `key value` when the line has exactly two words. */
function splitLine(content: string): { key: string; value: string; hasColon: boolean } | undefined {
  const colon = content.indexOf(':');
  if (colon !== -1) {
    const key = content.slice(0, colon).trim();
    return key === '' ? undefined : { key, value: content.slice(colon + 1).trim(), hasColon: true };
  }
  const words = content.split(/[ \t]+/);
  if (words.length !== 2) return undefined;
  const [key, value] = words as [string, string];
  return { key, value, hasColon: false };
}

function productToken(value: string): string | undefined {
  if (value === '*' || /^\*\s/.test(value)) return '*';
  return PRODUCT_TOKEN.exec(value)?.[0];
}

/**
 * The merged group that applies to `userAgent` (a product token such as "Googlebot",
 * compared case-insensitively): every group naming it, else every "*" group, else undefined.
 */
export function robotsFor(robots: RobotsTxt, userAgent: string): RobotsGroup | undefined {
  const token = userAgent.trim().toLowerCase();
  let matching = robots.groups.filter((g) => g.userAgents.includes(token));
  if (matching.length === 0) matching = robots.groups.filter((g) => g.userAgents.includes('*'));
  if (matching.length === 0) return undefined;
  const merged: RobotsGroup = {
    userAgents: [...new Set(matching.flatMap((g) => g.userAgents))],
    rules: matching.flatMap((g) => g.rules),
  };
  const delay = matching.find((g) => g.crawlDelay !== undefined)?.crawlDelay;
  if (delay !== undefined) merged.crawlDelay = delay;
  return merged;
}

export function crawlDelay(robots: RobotsTxt, userAgent: string): number | undefined {
  return robotsFor(robots, userAgent)?.crawlDelay;
}

/** RFC 9309 §2.2.2: the longest matching pattern wins; on a tie, allow wins; no match allows. */
export function isAllowed(robots: RobotsTxt, userAgent: string, url: string): boolean {
  return decidingRule(robots, userAgent, url)?.allow ?? true;
}

/** The rule that decides whether `url` may be fetched, or undefined when none matches (allowed). */
export function decidingRule(robots: RobotsTxt, userAgent: string, url: string): RobotsRule | undefined {
  const path = normalisePath(pathAndQuery(url));
  if (path === '/robots.txt') return undefined;
  const group = robotsFor(robots, userAgent);
  if (group === undefined) return undefined;
  let best: RobotsRule | undefined;
  for (const rule of group.rules) {
    if (!matches(rule.pattern, path)) continue;
    if (
      best === undefined ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow)
    ) {
      best = rule;
    }
  }
  return best;
}

/** Path and query of a URL as written (no dot-segment resolution, no fragment); "/" if empty. */
function pathAndQuery(url: string): string {
  const rest = url.trim().replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  const hash = rest.indexOf('#');
  const path = hash === -1 ? rest : rest.slice(0, hash);
  if (path === '') return '/';
  return path.startsWith('/') ? path : `/${path}`;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
// Octets kept as they are: unreserved, reserved (gen-delims, sub-delims) and "%" of a valid escape.
const LITERAL = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]$/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;

/**
 * RFC 9309 §2.2.2: percent-encode non-ASCII (as UTF-8) and other characters not allowed in a URI,
 * decode escapes of unreserved characters, and upper-case the hex digits of the rest,
 * so that equivalent paths compare equal octet by octet.
 */
export function normalisePath(path: string): string {
  const bytes = new TextEncoder().encode(path);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const char = String.fromCharCode(byte);
    if (char === '%') {
      const hex = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0);
      if (HEX2.test(hex)) {
        const decoded = String.fromCharCode(parseInt(hex, 16));
        out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
        i += 2;
      } else {
        out += '%25';
      }
    } else if (byte < 0x80 && LITERAL.test(char)) {
      out += char;
    } else {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** `*` matches any run of octets; a final `$` anchors the end; otherwise a prefix match. */
function matches(pattern: string, path: string): boolean {
  // Positions in `path` the pattern so far can have reached, ascending (as Google's matcher).
  let positions = [0];
  for (let p = 0; p < pattern.length; p++) {
    const char = pattern[p];
    if (char === '$' && p === pattern.length - 1) return positions.includes(path.length);
    if (char === '*') {
      const from = positions[0] as number;
      positions = Array.from({ length: path.length - from + 1 }, (_, k) => from + k);
      continue;
    }
    positions = positions.filter((pos) => path[pos] === char).map((pos) => pos + 1);
    if (positions.length === 0) return false;
  }
  return true;
}
