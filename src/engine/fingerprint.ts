import { createHash } from 'node:crypto';

/**
 * A finding's identity across runs: rule, page and element — never the message or the numbers
 * in it, so a baseline survives rewording and reruns.
 */
export function fingerprint(rule: string, url: string, element = ''): string {
  return createHash('sha256').update(`${rule}\u0000${url}\u0000${element}`).digest('hex').slice(0, 16);
}
