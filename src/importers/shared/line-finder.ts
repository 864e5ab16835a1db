/** Line numbers of entries, found by scanning forward for their address (entries come in file order). */
export class LineFinder {
  private offset = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  seek(key: string): void {
    const found = this.text.indexOf(key);
    if (found >= 0) this.advance(found);
  }

  next(needle: string): number {
    const found = this.text.indexOf(needle, this.offset + 1);
    if (found >= 0) this.advance(found);
    return this.line;
  }

  private advance(to: number): void {
    if (to < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    for (let i = this.text.indexOf("\n", this.offset); i >= 0 && i < to; i = this.text.indexOf("\n", i + 1))
      this.line++;
    this.offset = to;
  }
}
