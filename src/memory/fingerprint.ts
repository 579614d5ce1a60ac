import { createHash } from "node:crypto";

/** Changes in a cited paragraph's text, and only those, change its fingerprint. */
export function paragraphFingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** One cited paragraph: a file and its paragraph number. */
export function citedParagraphKey(file: string, paragraph: number): string {
  return `${paragraph}\u0000${file}`;
}
