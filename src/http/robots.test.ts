import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crawlDelay, isAllowed, parseRobots, robotsFor } from './robots.js';

interface ConformanceCase {
  test: string;
  robots_txt: string;
  user_agent: string;
  url: string;
  allowed: boolean;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/robots/robotstxt-cases.json', import.meta.url), 'utf8'),
) as { cases: ConformanceCase[] };

// Cases where we follow RFC 9309 over Google's matcher; `rfc` is our answer, the opposite of Google's.
// Each entry must match exactly one case, so a stale entry fails too.
const RFC_OVER_GOOGLE: { test: string; rule: string; url: string; rfc: boolean; reason: string }[] = [
  {
    test: 'ID_Encoding',
    rule: 'Allow: /foo/bar/ツ\n',
    url: 'http://foo.bar/foo/bar/ツ',
    rfc: true,
    reason: '§2.2.2: non-ASCII octets in the URI MUST be percent-encoded before comparison; Google expects callers to pre-encode',
  },
  {
    test: 'ID_Encoding',
    rule: 'Allow: /foo/bar/%E3%83%84\n',
    url: 'http://foo.bar/foo/bar/ツ',
    rfc: true,
    reason: '§2.2.2: the raw URI is percent-encoded to /foo/bar/%E3%83%84, which equals the rule',
  },
  {
    test: 'ID_Encoding',
    rule: 'Allow: /foo/bar/%62%61%7A\n',
    url: 'http://foo.bar/foo/bar/baz',
    rfc: true,
    reason: '§2.2.2: escapes of unreserved characters MUST be decoded, so %62%61%7A is "baz" (the RFC\'s own example)',
  },
  {
    test: 'GoogleOnly_IndexHTMLisDirectory',
    rule: 'Allow: /allowed-slash/index.html\n',
    url: 'http://foo.com/allowed-slash/',
    rfc: false,
    reason: 'Google treats "/dir/index.html" as also allowing "/dir/"; RFC 9309 matches octets only',
  },
];

function deviationFor(c: ConformanceCase): (typeof RFC_OVER_GOOGLE)[number] | undefined {
  return RFC_OVER_GOOGLE.find(
    (d) => c.test === `RobotsUnittest.${d.test}` && c.url === d.url && c.robots_txt.includes(d.rule),
  );
}

describe('Google robotstxt conformance cases', () => {
  const table = fixture.cases.map((c, i) => ({ ...c, index: i }));

  it('loads the cases', () => {
    expect(table.length).toBe(142);
  });

  it.each(table)('#$index $test: $user_agent $url', (c) => {
    const deviation = deviationFor(c);
    const expected = deviation === undefined ? c.allowed : deviation.rfc;
    expect(isAllowed(parseRobots(c.robots_txt), c.user_agent, c.url)).toBe(expected);
  });

  it.each(RFC_OVER_GOOGLE)('follows RFC 9309 over Google: $test $url — $reason', (d) => {
    const matching = fixture.cases.filter((c) => deviationFor(c) === d);
    expect(matching).toHaveLength(1);
    expect(matching[0]?.allowed).toBe(!d.rfc);
  });
});

describe('parseRobots problems', () => {
  it.each([
    ['unknown directive', 'User-agent: *\nNoindex: /x\n', 2, 'unknown directive "Noindex"'],
    ['rule before any user-agent', 'Disallow: /a\nUser-agent: *\n', 1, '"Disallow" before any user-agent line is ignored'],
    ['crawl-delay before any user-agent', 'Crawl-delay: 5\n', 1, '"Crawl-delay" before any user-agent line is ignored'],
    ['pattern without leading slash', 'User-agent: *\n\nDisallow: private\n', 3, 'pattern "private" must start with "/" or "*"'],
    ['unparseable line', 'User-agent: *\nthis is not a directive\n', 2, 'cannot parse "this is not a directive": expected "<directive>: <value>"'],
    ['empty key', 'User-agent: *\n: /x\n', 2, 'cannot parse ": /x": expected "<directive>: <value>"'],
    ['misspelling', 'User-agent: *\r\nDissallow: /x\r\n', 2, '"Dissallow" is a misspelling of "disallow"'],
    ['missing colon', '# robots\nuser-agent *\n', 2, 'missing ":" after "user-agent"'],
    ['invalid crawl-delay', 'User-agent: *\nCrawl-delay: soon\n', 2, 'crawl-delay "soon" is not a number of seconds'],
    ['user-agent with a version', 'User-agent: Googlebot/2.1\n', 1, 'user-agent "Googlebot/2.1" is not a product token; it matches as "Googlebot"'],
    ['user-agent without a token', 'User-agent: /bot\n', 1, 'user-agent "/bot" has no product token (letters, "-" and "_")'],
    ['sitemap without a URL', 'Sitemap:\n', 1, 'sitemap without a URL'],
  ])('%s', (_name, text, line, message) => {
    expect(parseRobots(text).problems).toEqual([{ line, message }]);
  });

  it('reports nothing for a valid file, comments, blank lines and empty disallow', () => {
    const text = '\uFEFF# hi\nUser-agent: *\nDisallow:\n\nUser-agent: a-bot\nAllow: /*.css$ # styles\nSitemap: https://x.example/s.xml\n';
    expect(parseRobots(text).problems).toEqual([]);
  });

  it('still applies misspelt and colon-less rules, as Google does', () => {
    const robots = parseRobots('user-agent FooBot\ndisalow: /private\n');
    expect(isAllowed(robots, 'FooBot', 'https://x.example/private/a')).toBe(false);
    expect(robots.problems.map((p) => p.line)).toEqual([1, 2]);
  });
});

describe('sitemaps', () => {
  it('keeps Sitemap URLs in file order, wherever they appear, without ending a group', () => {
    const robots = parseRobots(
      'Sitemap: https://x.example/a.xml\nUser-agent: a\nsitemap: https://x.example/b.xml\nUser-agent: b\nDisallow: /\nSite-map: https://x.example/c.xml\n',
    );
    expect(robots.sitemaps).toEqual(['https://x.example/a.xml', 'https://x.example/b.xml', 'https://x.example/c.xml']);
    expect(robots.groups.map((g) => g.userAgents)).toEqual([['a', 'b']]);
  });
});

describe('crawlDelay', () => {
  const robots = parseRobots(
    'User-agent: *\nCrawl-delay: 10\n\nUser-agent: fast\nCrawl-delay: 0.5\nDisallow: /x\n\nUser-agent: bad\nCrawl-delay: -1\n',
  );

  it('reads the delay of the matching group, falling back to "*"', () => {
    expect(crawlDelay(robots, 'Fast')).toBe(0.5);
    expect(crawlDelay(robots, 'other')).toBe(10);
  });

  it('leaves an invalid delay undefined and reports it', () => {
    expect(crawlDelay(robots, 'bad')).toBeUndefined();
    expect(robots.problems).toEqual([{ line: 9, message: 'crawl-delay "-1" is not a number of seconds' }]);
  });

  it('ends a run of user-agent lines, so the next user-agent starts a new group', () => {
    expect(robots.groups.map((g) => g.userAgents)).toEqual([['*'], ['fast'], ['bad']]);
    expect(isAllowed(robots, 'other', 'https://x.example/x')).toBe(true);
  });

  it('is undefined when no group matches', () => {
    expect(crawlDelay(parseRobots('User-agent: a\nDisallow: /\n'), 'b')).toBeUndefined();
  });
});

describe('group selection', () => {
  const robots = parseRobots(
    [
      'User-agent: *',
      'Disallow: /',
      'User-agent: SeoBot',
      'Disallow: /a',
      'User-agent: other',
      'Disallow: /',
      'User-agent: seobot',
      'Allow: /a/open',
      'Crawl-delay: 2',
    ].join('\n'),
  );

  it('merges every group naming the agent, case-insensitively', () => {
    expect(robotsFor(robots, 'SEOBOT')).toEqual({
      userAgents: ['seobot'],
      rules: [
        { allow: false, pattern: '/a', line: 4 },
        { allow: true, pattern: '/a/open', line: 8 },
      ],
      crawlDelay: 2,
    });
    expect(isAllowed(robots, 'SeoBot', 'https://x.example/a/open/1')).toBe(true);
    expect(isAllowed(robots, 'SeoBot', 'https://x.example/a/closed')).toBe(false);
    expect(isAllowed(robots, 'SeoBot', 'https://x.example/b')).toBe(true);
  });

  it('falls back to "*" only when no group names the agent', () => {
    expect(robotsFor(robots, 'unknown')?.userAgents).toEqual(['*']);
    expect(isAllowed(robots, 'unknown', 'https://x.example/b')).toBe(false);
  });

  it('always allows /robots.txt', () => {
    expect(isAllowed(robots, 'unknown', 'https://x.example/robots.txt')).toBe(true);
  });
});

describe('matching', () => {
  const robots = parseRobots('User-agent: *\nDisallow: /*.pdf$\nDisallow: /search?q=\nDisallow: /caf%c3%a9\n');

  it.each([
    ['https://x.example/doc.pdf', false],
    ['https://x.example/doc.pdf?v=1', true],
    ['https://x.example/search?q=shoes', false],
    ['https://x.example/search', true],
    ['https://x.example/café/menu', false],
    ['https://x.example/doc.pdf#page=2', false],
    ['/search?q=relative', false],
  ])('%s → allowed %s', (url, allowed) => {
    expect(isAllowed(robots, 'bot', url)).toBe(allowed);
  });
});
