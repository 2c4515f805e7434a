// What a run over HTTP says once its pages are fetched (the link targets and images it checked,
// what it rendered, what the frontier left out), as facts and as the notes written from them. A
// sharded audit's shards each keep their facts; `seo-ai merge` puts them together (mergeAfter) and
// writes the very notes the unsharded run writes (afterNotes).
import { plural } from '../../words.js';
import { frontierNotes, type FrontierFacts } from './frontier.js';

export interface AfterFacts {
  /** Link targets checked at the end (no page fetch answered for them), by host; absent when link checks are off. */
  links?: { internal: string[]; external: string[] };
  /** Images sized at the end, by host, and those on other hosts left unsized; absent when image checks are off. */
  images?: { internal: string[]; external: string[]; skipped: string[] };
  /** --render: the pages rendered, and those whose rendering failed (audited as served). */
  render?: { mode: 'auto' | 'always'; rendered: string[]; failed: string[] };
  frontier: FrontierFacts;
}

/** The notes (and losses) of a run's last part, in the order the run says them. */
export function afterNotes(facts: AfterFacts): { notes: string[]; lost: string[] } {
  const notes: string[] = [];
  const { links, images, render } = facts;
  if (links && links.internal.length + links.external.length > 0) {
    notes.push(`checked ${plural(links.internal.length + links.external.length, 'link target')} outside the run's pages (${links.external.length} on other hosts)`);
  }
  if (images) {
    if (images.internal.length + images.external.length > 0) notes.push(`sized ${plural(images.internal.length + images.external.length, 'image')} (${images.external.length} on other hosts)`);
    if (images.skipped.length > 0) notes.push(`${plural(images.skipped.length, 'image')} on other hosts not sized for image-too-large; --check-external sizes them`);
  }
  if (render) {
    notes.push(`rendered ${new Set(render.rendered).size} of the pages in Chromium (--render ${render.mode})`);
    const failed = [...new Set(render.failed)].sort();
    const one = failed.length === 1;
    if (failed.length > 0) notes.push(`${one ? '1 page' : `${failed.length} pages`} could not be rendered and ${one ? 'was' : 'were'} audited as the server sent ${one ? 'it' : 'them'} (render-error says why): ${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''}`);
  }
  const { said, lost } = frontierNotes(facts.frontier);
  notes.push(...said);
  return { notes, lost };
}
