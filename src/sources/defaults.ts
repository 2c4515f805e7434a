// The sources' defaults, in a module that imports nothing: the CLI shows them in --help without
// loading the sources (and the HTTP client) for every command.

/** The --max-bytes default: bytes of one page read at most. */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** The --max-pages default: pages audited at most, and so URLs taken from sitemaps at most. */
export const DEFAULT_MAX_PAGES = 50_000;

export const WEB_DEFAULTS = {
  concurrency: 8,
  perHostConcurrency: 4,
  delayMs: 0,
  maxPages: DEFAULT_MAX_PAGES,
  externalConcurrency: 4,
  maxQueryVariants: 50,
  maxPathSegments: 30,
} as const;
