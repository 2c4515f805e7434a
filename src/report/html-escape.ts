const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike: after this no value can open a tag, close an attribute or end the style. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A signed change to one decimal: "+1.5", "-2", "±0". */
export function delta(before: number, after: number): string {
  const d = Math.round((after - before) * 10) / 10;
  return d > 0 ? `+${d}` : d < 0 ? `-${-d}` : '±0';
}
