import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

export interface SkippedFile {
  /** Relative to SEEDS_DIR with "/" separators; a folder ends in "/". */
  name: string;
  reason: string;
}

export interface FolderListing {
  /** Relative paths with "/" separators, sorted: the document ids. */
  files: Array<{ name: string; absolute: string; bytes: number }>;
  skipped: SkippedFile[];
}

/** Tooling folders: dependencies and version control hold no documents of the operator's own. */
const SKIPPED_FOLDER = "node_modules";

/**
 * Every file under the folder, recursively. A symbolic link is followed only when it
 * resolves inside the folder (documents cannot pull in the rest of the disk), and each
 * real folder is read once, so a link cycle ends. Hidden folders and node_modules are
 * listed as skipped rather than read.
 */
export async function listFolder(root: string): Promise<FolderListing> {
  const rootReal = await realpath(root);
  const listing: FolderListing = { files: [], skipped: [] };
  const visited = new Set<string>([rootReal]);

  const visit = async (directory: string, prefix: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (error) {
      // The folder itself must be readable; a subfolder that is not costs only its own files.
      if (prefix === "") throw error;
      listing.skipped.push({ name: prefix, reason: `unreadable folder (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      return;
    }
    for (const entry of entries) {
      const name = prefix + entry.name;
      const absolute = path.join(directory, entry.name);
      const target = await resolveEntry(entry, absolute, rootReal);
      if ("reason" in target) listing.skipped.push({ name, reason: target.reason });
      else if (target.directory) {
        if (entry.name.startsWith(".")) listing.skipped.push({ name: `${name}/`, reason: "hidden folder, not read" });
        else if (entry.name === SKIPPED_FOLDER) listing.skipped.push({ name: `${name}/`, reason: "node_modules folder, not read" });
        else if (!visited.has(target.real)) {
          visited.add(target.real);
          await visit(absolute, `${name}/`);
        }
      } else if (entry.name.startsWith(".")) listing.skipped.push({ name, reason: "hidden file" });
      else listing.files.push({ name, absolute, bytes: target.bytes });
    }
  };
  await visit(rootReal, "");
  listing.files.sort((a, b) => (a.name < b.name ? -1 : 1));
  return listing;
}

type Resolved = { directory: true; real: string } | { directory: false; bytes: number } | { reason: string };

async function resolveEntry(entry: Dirent, absolute: string, rootReal: string): Promise<Resolved> {
  try {
    const real = await realpath(absolute);
    if (entry.isSymbolicLink()) {
      const relative = path.relative(rootReal, real);
      if (relative.startsWith("..") || path.isAbsolute(relative)) return { reason: "symbolic link to outside the documents folder, not followed" };
    }
    const stats = await stat(real);
    if (stats.isDirectory()) return { directory: true, real };
    if (!stats.isFile()) return { reason: "not a regular file" };
    return { directory: false, bytes: stats.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === "ENOENT" ? "broken symbolic link" : `unreadable (${code ?? String(error)})` };
  }
}
