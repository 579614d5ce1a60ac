/**
 * Lookups in a sorted array of terms (sorted by UTF-16 code unit, JavaScript's default):
 * what MiniSearch's radix tree answers, without a tree of objects to rebuild on every load.
 */

/** The term's position, or -1. */
export function findTerm(terms: readonly string[], term: string): number {
  const position = lowerBound(terms, term);
  return terms[position] === term ? position : -1;
}

/** Positions [start, end) of the terms that begin with the prefix, the prefix itself included. */
export function prefixRange(terms: readonly string[], prefix: string): [number, number] {
  const start = lowerBound(terms, prefix);
  return [start, endOfPrefix(terms, start, prefix)];
}

/**
 * Every term within maxDistance edits (Levenshtein) of the query, as [position, distance]
 * in term order. One matrix row per character of the term; sorted neighbours share their
 * common prefix's rows, and once a row's smallest distance exceeds maxDistance no term
 * with that prefix can match, so the whole run of them is skipped.
 */
export function fuzzyMatches(terms: readonly string[], query: string, maxDistance: number): Array<[number, number]> {
  const matrix = new EditMatrix(query, maxDistance);
  const found: Array<[number, number]> = [];
  let rowsOf = "";
  let validRows = 1;
  let position = 0;
  scan: while (position < terms.length) {
    const term = terms[position] as string;
    for (let depth = Math.min(commonPrefixLength(rowsOf, term), validRows - 1); depth < term.length; depth += 1) {
      if (matrix.fillRow(depth, term.charCodeAt(depth)) > maxDistance) {
        rowsOf = term;
        validRows = depth + 2;
        position = skipPrefix(terms, position, term.slice(0, depth + 1));
        continue scan;
      }
    }
    rowsOf = term;
    validRows = term.length + 1;
    const distance = matrix.distance(term.length);
    if (distance <= maxDistance) found.push([position, distance]);
    position += 1;
  }
  return found;
}

/**
 * The edit-distance matrix of the query against the term being read, one row per character
 * read. Only the band of cells within maxDistance of the diagonal is computed (as MiniSearch
 * does): a cell outside it holds maxDistance + 1, never written again, which is all a
 * thresholded search needs to know of it.
 */
class EditMatrix {
  private readonly width: number;
  private readonly cells: Int32Array;
  private readonly query: Int32Array;

  constructor(
    query: string,
    private readonly maxDistance: number,
  ) {
    this.width = query.length + 1;
    this.query = Int32Array.from(query, (_, i) => query.charCodeAt(i));
    // Past query.length + maxDistance characters every distance exceeds maxDistance, so no deeper row is ever needed.
    const rows = query.length + maxDistance + 2;
    this.cells = new Int32Array(rows * this.width).fill(maxDistance + 1);
    for (let column = 0; column < this.width; column += 1) this.cells[column] = column;
    for (let row = 0; row < rows; row += 1) this.cells[row * this.width] = row;
  }

  /** Row depth + 1 from row depth and the term's next character; returns the row's smallest distance. */
  fillRow(depth: number, char: number): number {
    const { cells, width, query, maxDistance } = this;
    const row = depth + 1;
    const previous = depth * width;
    const current = previous + width;
    let closest = row;
    const last = Math.min(width - 1, row + maxDistance);
    for (let column = Math.max(1, row - maxDistance); column <= last; column += 1) {
      let distance = (cells[previous + column - 1] as number) + (char === query[column - 1] ? 0 : 1);
      const removed = (cells[previous + column] as number) + 1;
      if (removed < distance) distance = removed;
      const inserted = (cells[current + column - 1] as number) + 1;
      if (inserted < distance) distance = inserted;
      cells[current + column] = distance;
      if (distance < closest) closest = distance;
    }
    return closest;
  }

  /** Edits between the query and the term's first length characters. */
  distance(length: number): number {
    return this.cells[length * this.width + this.width - 1] as number;
  }
}

/** The first position after start whose term does not begin with the prefix. Most such runs are short, so it gallops before it bisects. */
function skipPrefix(terms: readonly string[], start: number, prefix: string): number {
  let known = start;
  let step = 1;
  while (known + step < terms.length && (terms[known + step] as string).startsWith(prefix)) {
    known += step;
    step *= 2;
  }
  return endOfPrefix(terms, known + 1, prefix, Math.min(known + step, terms.length));
}

function lowerBound(terms: readonly string[], term: string): number {
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((terms[middle] as string) < term) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first position in [start, end) whose term does not begin with the prefix (or end); those that do are contiguous. */
function endOfPrefix(terms: readonly string[], start: number, prefix: string, end = terms.length): number {
  let low = start;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((terms[middle] as string).startsWith(prefix)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) length += 1;
  return length;
}
