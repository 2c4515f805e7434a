// `seo-ai init --ci github --shards N`: the workflow of a sharded audit. N jobs of a matrix each
// audit one shard and upload its shard file; one merge job gathers them, writes the reports and
// applies the gate, as the one-job workflow's audit step does.
import { DEFAULT_BASELINE } from './defaults.js';

/** The workflow's trigger and permissions, the same for one job or a sharded matrix. */
export const WORKFLOW_HEAD = `name: SEO
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  actions: read # upload-sarif reads the run's details on private repositories
  security-events: write # upload-sarif needs it; pull requests from forks get a read-only token, so they skip the upload
`;

/** A job's first steps: the code, Node, and the project's packages with its own seo-ai. */
export const SETUP_STEPS = `      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install the project's packages, seo-ai among them
        run: npm ci
`;

/** The report formats a gated step writes, and the steps that publish them: SARIF to code scanning, the HTML report as an artifact. */
export const GATED_FORMATS = `          --baseline ${DEFAULT_BASELINE}
          --format github
          --format sarif=seo-ai.sarif
          --format html=seo-report.html
`;
export const REPORT_STEPS = `      - name: Upload SARIF to code scanning
        if: \${{ !cancelled() && hashFiles('seo-ai.sarif') != '' && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository) }}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: seo-ai.sarif
          category: seo-ai
      - name: Keep the HTML report
        if: \${{ !cancelled() && hashFiles('seo-report.html') != '' }}
        uses: actions/upload-artifact@v4
        with:
          name: seo-report
          path: seo-report.html
`;

/** The workflow's environment: what it audits, and the public address when it is another. */
export function workflowEnv(target: string, baseUrl: string | undefined, more = ''): string {
  return `env:
  SEO_TARGET: ${JSON.stringify(target)}${baseUrl === undefined ? '' : `\n  SEO_BASE_URL: ${JSON.stringify(baseUrl)} # the site's public address: pages are reported under it`}${more}
`;
}

export function githubShardedWorkflow(target: string, shards: number, baseUrl?: string): string {
  const site = baseUrl === undefined ? '' : `\n          --base-url "$SEO_BASE_URL"`;
  const list = Array.from({ length: shards }, (_, i) => i + 1).join(', ');
  const url = /^https?:\/\//i.test(target);
  return `# seo-ai: fail the build when SEO gets worse than the committed baseline, audited in ${shards} shards.
# Written by "seo-ai init --ci github --shards ${shards}". ${url ? 'SEO_TARGET is the sitemap URL: each shard job reads it and fetches its own pages.' : "SEO_TARGET is the built site's folder, a CSV export, or a URL list (seo-ai audit <site URL> --list-urls)."}
# It runs the seo-ai your project installs: seo-ai must be in package.json's devDependencies.
# The first baseline: run "npx seo-ai audit <target> --update-baseline" and commit ${DEFAULT_BASELINE}
# (the merge of the shards writes the same report as one run of the whole).
${WORKFLOW_HEAD}${workflowEnv(target, baseUrl, `\n  SEO_SHARDS: ${shards}`)}jobs:
  audit:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        shard: [${list}]
    steps:
${SETUP_STEPS}      # ${url ? 'SEO_TARGET is a URL: the site must answer there while every shard job runs (the merge needs no network)' : 'Build the site here (for example: npm run build): every shard job needs the whole site'}.
      - name: Audit one shard
        run: >-
          npx --no-install seo-ai audit "$SEO_TARGET"${site}
          --shard \${{ matrix.shard }}/\${{ env.SEO_SHARDS }}
          --output shard-\${{ matrix.shard }}.jsonl
      - name: Keep the shard file for the merge
        uses: actions/upload-artifact@v4
        with:
          name: seo-shard-\${{ matrix.shard }}
          path: shard-\${{ matrix.shard }}.jsonl
          retention-days: 1
  merge:
    needs: audit
    runs-on: ubuntu-latest
    steps:
${SETUP_STEPS}      - name: Gather the shard files
        uses: actions/download-artifact@v4
        with:
          pattern: seo-shard-*
          merge-multiple: true
          path: shards
      - name: Merge, and compare with the baseline
        run: >-
          npx --no-install seo-ai merge shards/*.jsonl
${GATED_FORMATS}${REPORT_STEPS}`;
}
