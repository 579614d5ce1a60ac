import { open } from "node:fs/promises";
import { TimeSlicer } from "../event-loop.js";

/** Characters gathered before a write: a few MB, so a large array costs a few dozen writes. */
const WRITE_BATCH_CHARS = 4 << 20;

/**
 * Writes exactly what JSON.stringify([...items]) would, an element at a time and yielding
 * between slices. At 100k chunks one JSON.stringify of the docstore held the event loop for
 * a third of a second, and the 48 MB string it made was garbage the moment it was written.
 */
export async function writeJsonArray(file: string, items: Iterable<unknown>): Promise<void> {
  const handle = await open(file, "w");
  const slicer = new TimeSlicer();
  try {
    let batch = "[";
    let first = true;
    for (const item of items) {
      // As JSON.stringify does for an array element that has no JSON form.
      batch += `${first ? "" : ","}${JSON.stringify(item) ?? "null"}`;
      first = false;
      if (batch.length >= WRITE_BATCH_CHARS) {
        await handle.write(batch);
        batch = "";
      }
      await slicer.pause();
    }
    await handle.write(`${batch}]`);
  } finally {
    await handle.close();
  }
}
