import { writeFile } from "node:fs/promises";
import type { TextSpan } from "../text/sentences.js";

export interface IndexedSentence {
  /** Verbatim from the paragraph. */
  text: string;
  /** The encoder's vector, computed at index time; undefined for a unit too short to ever be an answer. */
  vector: Float32Array | undefined;
}

/**
 * Every paragraph's evidence units (sentences, long ones cut into windows) and their vectors,
 * computed once at index time so a question costs one query embedding plus lookups.
 *
 * sentences.bin, all u32/i32/f32 in native order (the build never leaves this machine; the
 * magic number, read in the wrong order, rejects a foreign file):
 *   header    MAGIC, FORMAT, dimensions, paragraphs, units, vectors
 *   firstUnit paragraphs + 1 offsets: paragraph p's units are firstUnit[p] .. firstUnit[p+1]-1
 *   spans     units × (start, end) in UTF-16 code units of the paragraph's text
 *   rows      units × the unit's vector row, or -1
 *   vectors   vectors × dimensions float32
 * Loaded as views of the file's bytes: nothing is parsed or copied at start-up.
 */
const MAGIC = 0x53424543;
const FORMAT = 1;
const HEADER_WORDS = 6;

export class SentenceTable {
  private constructor(
    readonly dimensions: number,
    private readonly firstUnit: Uint32Array,
    private readonly spans: Uint32Array,
    private readonly rows: Int32Array,
    private readonly vectors: Float32Array,
  ) {}

  /** From each paragraph's spans (in paragraph order) and the vector of each unit that has one. */
  static fromUnits(dimensions: number, paragraphs: ReadonlyArray<ReadonlyArray<TextSpan & { vector: Float32Array | undefined }>>): SentenceTable {
    const units = paragraphs.reduce((sum, spans) => sum + spans.length, 0);
    const vectorCount = paragraphs.reduce((sum, spans) => sum + spans.filter((span) => span.vector).length, 0);
    const firstUnit = new Uint32Array(paragraphs.length + 1);
    const spans = new Uint32Array(units * 2);
    const rows = new Int32Array(units);
    const vectors = new Float32Array(vectorCount * dimensions);
    let unit = 0;
    let row = 0;
    paragraphs.forEach((paragraph, p) => {
      firstUnit[p] = unit;
      for (const { start, end, vector } of paragraph) {
        spans[unit * 2] = start;
        spans[unit * 2 + 1] = end;
        if (vector) {
          if (vector.length !== dimensions) throw new Error(`a sentence vector of ${vector.length} dimensions in a ${dimensions}-dimensional index`);
          vectors.set(vector, row * dimensions);
          rows[unit] = row;
          row += 1;
        } else rows[unit] = -1;
        unit += 1;
      }
    });
    firstUnit[paragraphs.length] = unit;
    return new SentenceTable(dimensions, firstUnit, spans, rows, vectors);
  }

  static fromBytes(bytes: Buffer, name: string): SentenceTable {
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
    const words = (offset: number, count: number): Uint32Array => new Uint32Array(aligned.buffer, aligned.byteOffset + offset * 4, count);
    if (aligned.length < HEADER_WORDS * 4) throw new Error(`${name} is shorter than its header`);
    const [magic, format, dimensions = 0, paragraphs = 0, units = 0, vectorCount = 0] = words(0, HEADER_WORDS);
    if (magic !== MAGIC) throw new Error(`${name} is not a sentence table`);
    if (format !== FORMAT) throw new Error(`${name} has format ${format}, expected ${FORMAT}`);
    const expected = 4 * (HEADER_WORDS + paragraphs + 1 + units * 3 + vectorCount * dimensions);
    if (aligned.length !== expected) throw new Error(`${name} has ${aligned.length} bytes, expected ${expected}`);
    let offset = HEADER_WORDS;
    const take = (count: number): Uint32Array => {
      const view = words(offset, count);
      offset += count;
      return view;
    };
    const firstUnit = take(paragraphs + 1);
    const spans = take(units * 2);
    const rows = take(units);
    const vectors = take(vectorCount * dimensions);
    return new SentenceTable(dimensions, firstUnit, spans, new Int32Array(rows.buffer, rows.byteOffset, rows.length), new Float32Array(vectors.buffer, vectors.byteOffset, vectors.length));
  }

  async save(file: string): Promise<void> {
    const header = new Uint32Array([MAGIC, FORMAT, this.dimensions, this.firstUnit.length - 1, this.rows.length, this.vectors.length / this.dimensions]);
    const parts = [header, this.firstUnit, this.spans, this.rows, this.vectors].map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    await writeFile(file, parts);
  }

  /** The units of the paragraph at this position of the index's paragraph list, whose text is `text`. */
  sentencesOf(paragraphIndex: number, text: string): IndexedSentence[] {
    const first = this.firstUnit[paragraphIndex] ?? 0;
    const last = this.firstUnit[paragraphIndex + 1] ?? first;
    const sentences: IndexedSentence[] = [];
    for (let unit = first; unit < last; unit += 1) {
      const row = this.rows[unit] ?? -1;
      sentences.push({
        text: text.slice(this.spans[unit * 2], this.spans[unit * 2 + 1]),
        vector: row < 0 ? undefined : this.vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions),
      });
    }
    return sentences;
  }
}
