/**
 * The heading path above the current block: a heading replaces every heading at its
 * level or deeper. A document title that no top-level heading states roots the path,
 * so every block of a page carries the page's name.
 */
export class SectionPath {
  private readonly headings: Array<{ depth: number; text: string }> = [];

  constructor(private readonly title?: string) {}

  enter(depth: number, text: string): void {
    while ((this.headings.at(-1)?.depth ?? 0) >= depth) this.headings.pop();
    if (text) this.headings.push({ depth, text });
  }

  /** Spread into a block: `{ section }` when any heading is known, nothing otherwise. */
  get place(): { section?: string[] } {
    const path = [...(this.title ? [this.title] : []), ...this.headings.map((heading) => heading.text)];
    return path.length > 0 ? { section: path } : {};
  }
}
