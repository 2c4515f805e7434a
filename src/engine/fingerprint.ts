import { hash } from 'node:crypto';

/**
 * A finding's identity across runs: rule, page and element — never the message or the numbers
 * in it, so a baseline survives rewording and reruns.
 */
export function fingerprint(rule: string, url: string, element = ''): string {
  return hash('sha256', `${rule}\u0000${url}\u0000${element}`, 'hex').slice(0, 16);
}
