// Names and lists the CLI shows in --help, in a module that imports nothing, so that defining the
// commands loads none of what runs them.

export const DEFAULT_BASELINE = 'seo-baseline.json';
export const CONFIG_NAME = 'seo-ai.config.json';
export const WORKFLOW_FILE = '.github/workflows/seo-ai.yml';

export const FORMATS = ['terminal', 'json', 'sarif', 'junit', 'github', 'markdown', 'html', 'csv', 'issues-csv', 'extract-csv'] as const;
export type Format = (typeof FORMATS)[number];

/** --format is repeatable: each one given is kept, in order. */
export const collectFormats = (value: string, previous: string[] = []): string[] => [...previous, value];
