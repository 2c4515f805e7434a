// What the markup says besides the text: the DOM's size and duplicated ids, what a page loads
// (scripts, iframes), its forms and password fields, and pictures without their img. Collected by
// the one parse (html-parse.ts) as elements open and close; template content is left out there.
import type { Page } from './types.js';

export type MarkupFactsOf = Pick<Page, 'markup' | 'resources' | 'forms' | 'passwordFields' | 'picturesWithoutImg'>;

export class MarkupFacts {
  private elements = 0;
  private readonly ids = new Map<string, number>();
  /** Open `<picture>` elements, each whether an `<img>` was met in it yet. */
  private readonly pictures: boolean[] = [];
  private picturesWithoutImg = 0;
  /** The src of every script and iframe, as written: what a page loads besides its images. */
  private readonly resources: { tag: 'script' | 'iframe'; src: string }[] = [];
  /** Every form's action as written ('' when it has none: it posts to the page itself). */
  private readonly forms: { action: string }[] = [];
  private passwordFields = 0;

  /** Any element: the DOM's size and its ids, as a browser would build them. */
  counted(attrs: Record<string, string>): void {
    this.elements++;
    const id = attrs.id?.trim();
    if (id) this.ids.set(id, (this.ids.get(id) ?? 0) + 1);
  }

  /** An element this collector reads (picture, img, script, iframe, form, input). */
  opened(name: string, attrs: Record<string, string>): void {
    switch (name) {
      case 'picture':
        this.pictures.push(false);
        break;
      case 'img':
        if (this.pictures.length > 0) this.pictures[this.pictures.length - 1] = true;
        break;
      case 'script':
      case 'iframe':
        if (attrs.src !== undefined) this.resources.push({ tag: name, src: attrs.src.trim() });
        break;
      case 'form':
        this.forms.push({ action: (attrs.action ?? '').trim() });
        break;
      case 'input':
        if ((attrs.type ?? '').trim().toLowerCase() === 'password') this.passwordFields++;
        break;
    }
  }

  closed(name: string): void {
    if (name === 'picture' && this.pictures.length > 0 && !this.pictures.pop()) this.picturesWithoutImg++;
  }

  facts(): MarkupFactsOf {
    return {
      markup: { elements: this.elements, duplicateIds: [...this.ids].filter(([, n]) => n > 1).map(([id]) => id) },
      resources: this.resources,
      forms: this.forms,
      passwordFields: this.passwordFields,
      // A <picture> still open at the end of the page counts as it stands.
      picturesWithoutImg: this.picturesWithoutImg + this.pictures.filter((hasImg) => !hasImg).length,
    };
  }
}
