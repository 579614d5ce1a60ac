import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger.js";
import { TimeSlicer } from "../event-loop.js";

/**
 * Embeddings of chunk texts already seen, so a reindex only runs the encoder on new text.
 *
 * One binary file per model, INDEX_DIR/embedding-cache/<model>/vectors.bin:
 *   header   MAGIC (u32, native order), FORMAT, dimensions, count (u32 LE), sha256 of the body (32 bytes)
 *   body     count keys of 32 bytes, then count × dimensions float32 in native order
 * Float32 is what the encoder produces and what the HNSW index stores, so a cached vector is
 * the encoder's own output bit for bit; binary keeps 100k × 512 at 200 MB where JSON would be
 * several times that and slow to parse. The cache never leaves this machine, so native byte
 * order is safe; the magic number, read back in the wrong order, rejects a foreign file.
 */
const FILE = "vectors.bin";
const MAGIC = 0x43424543;
const FORMAT = 1;
const HEADER_BYTES = 16 + 32;
const KEY_BYTES = 32;
/** Rows per write: large enough for few syscalls, small enough that a 100k-row save never doubles memory. */
const WRITE_ROWS = 4096;

export interface EmbeddingModel {
  readonly modelId: string;
  readonly dimensions: number;
}

/** The key of a text's vector: the model is part of it, so one model's vector never answers for another. */
export function embeddingKey(modelId: string, text: string): string {
  return createHash("sha256").update(`${modelId}\u0000${text}`).digest("hex");
}

export class EmbeddingCache {
  private constructor(
    readonly model: EmbeddingModel,
    private readonly file: string,
    private readonly rows: ReadonlyMap<string, Float32Array>,
    private readonly logger: Logger,
  ) {}

  /** The cache for this model under indexDir; empty when there is none yet, or (with a warning) when it is unreadable. */
  static async open(indexDir: string, model: EmbeddingModel, logger: Logger): Promise<EmbeddingCache> {
    const file = path.join(indexDir, "embedding-cache", model.modelId.replace(/[^\w-]/g, "_"), FILE);
    let rows = new Map<string, Float32Array>();
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") logger.warn({ file, reason: error.message }, "embedding cache unreadable; embedding every chunk");
      return undefined;
    });
    if (bytes) {
      try {
        rows = await decode(bytes, model.dimensions);
      } catch (error) {
        logger.warn({ file, reason: error instanceof Error ? error.message : String(error) }, "embedding cache corrupt; ignoring it and embedding every chunk");
      }
    }
    return new EmbeddingCache(model, file, rows, logger);
  }

  /** The vector stored under an embeddingKey of this cache's model. */
  get(key: string): Float32Array | undefined {
    return this.rows.get(key);
  }

  /**
   * Replaces the cache with exactly these entries, so vectors of text no longer in the corpus
   * are dropped and the file never outgrows the corpus. Written beside the old file and
   * renamed over it: a crash leaves one complete file or the other, never a torn one.
   * The cache only saves time, so a cache that cannot be written is a warning, not a failed build.
   */
  async save(entries: ReadonlyMap<string, Float32Array>): Promise<void> {
    const pending = `${this.file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeEntries(pending, entries, this.model.dimensions);
      await rename(pending, this.file);
    } catch (error) {
      await rm(pending, { force: true }).catch(() => undefined);
      this.logger.warn({ file: this.file, reason: error instanceof Error ? error.message : String(error) }, "embedding cache not saved; the next rebuild embeds every chunk again");
    }
  }
}

/** In slices: at 100k chunks the file is 200 MB, and hashing it alone would hold the event loop for half a second. */
async function decode(bytes: Buffer, dimensions: number): Promise<Map<string, Float32Array>> {
  if (bytes.length < HEADER_BYTES) throw new Error("shorter than its header");
  if (new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 4))[0] !== MAGIC) throw new Error("not an embedding cache file");
  const format = bytes.readUInt32LE(4);
  if (format !== FORMAT) throw new Error(`format ${format}, expected ${FORMAT}`);
  const fileDimensions = bytes.readUInt32LE(8);
  if (fileDimensions !== dimensions) throw new Error(`${fileDimensions}-dimensional vectors, the model has ${dimensions}`);
  const count = bytes.readUInt32LE(12);
  const expectedLength = HEADER_BYTES + count * (KEY_BYTES + dimensions * 4);
  if (bytes.length !== expectedLength) throw new Error(`${bytes.length} bytes, expected ${expectedLength} for ${count} vectors`);
  const body = bytes.subarray(HEADER_BYTES);
  const slicer = new TimeSlicer();
  const checksum = createHash("sha256");
  for (let start = 0; start < body.length; start += HASH_SLICE_BYTES) {
    checksum.update(body.subarray(start, start + HASH_SLICE_BYTES));
    await slicer.pause();
  }
  if (!checksum.digest().equals(bytes.subarray(16, HEADER_BYTES))) throw new Error("checksum mismatch");
  const vectors = float32s(body.subarray(count * KEY_BYTES));
  const rows = new Map<string, Float32Array>();
  for (let row = 0; row < count; row += 1) {
    await slicer.pause();
    const key = body.toString("hex", row * KEY_BYTES, (row + 1) * KEY_BYTES);
    rows.set(key, vectors.subarray(row * dimensions, (row + 1) * dimensions));
  }
  return rows;
}

/** A float32 view of the bytes, copied only when they do not start on a 4-byte boundary. */
/** About 10 ms of hashing. */
const HASH_SLICE_BYTES = 4 << 20;

function float32s(bytes: Buffer): Float32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}

async function writeEntries(file: string, entries: ReadonlyMap<string, Float32Array>, dimensions: number): Promise<void> {
  const handle = await open(file, "w");
  try {
    const checksum = createHash("sha256");
    let position = HEADER_BYTES;
    const append = async (chunk: Buffer): Promise<void> => {
      checksum.update(chunk);
      await handle.write(chunk, 0, chunk.length, position);
      position += chunk.length;
    };
    const keys = [...entries.keys()];
    await append(Buffer.from(keys.join(""), "hex"));
    const vectors = [...entries.values()];
    for (let start = 0; start < vectors.length; start += WRITE_ROWS) {
      const block = new Float32Array(Math.min(WRITE_ROWS, vectors.length - start) * dimensions);
      for (let row = 0; row < block.length / dimensions; row += 1) {
        const vector = vectors[start + row];
        if (vector?.length !== dimensions) throw new Error(`a vector of ${vector?.length ?? 0} dimensions in a ${dimensions}-dimensional cache`);
        block.set(vector, row * dimensions);
      }
      await append(Buffer.from(block.buffer, block.byteOffset, block.byteLength));
    }
    const header = Buffer.alloc(HEADER_BYTES);
    Buffer.from(new Uint32Array([MAGIC]).buffer).copy(header, 0);
    header.writeUInt32LE(FORMAT, 4);
    header.writeUInt32LE(dimensions, 8);
    header.writeUInt32LE(keys.length, 12);
    checksum.digest().copy(header, 16);
    await handle.write(header, 0, HEADER_BYTES, 0);
    // Flushed before the rename, or a power cut could leave the new name on an empty file.
    await handle.sync();
  } finally {
    await handle.close();
  }
}
