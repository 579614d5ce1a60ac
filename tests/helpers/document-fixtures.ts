import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from "pdf-lib";

export const HANDBOOK_MD = `---
title: Widget handbook
author: Jane Doe
date: 2024-01-01
---

# Installing widgets

<!-- TODO: rewrite this section before the release -->

Install the widget service with the package manager. See the [setup notes](https://example.com/setup) for details.

## Configuration

The service reads \`widget.toml\` when it starts.

- Port: 8080 by default
- Log level: info

| Setting | Default |
| ------- | ------- |
| port    | 8080    |
| timeout | 30 s    |

\`\`\`js
const widget = createWidget();

// start listening for widget requests
widget.listen(8080);
\`\`\`

:::tip
Restart the service after changing the configuration.
:::

### Troubleshooting

If the service does not start, check that port 8080 is free.
`;

export const FAQ_MD = `---
title: Widget FAQ
---

## How do I reset a widget?

Hold the reset button for ten seconds until the light blinks twice.
`;

export const STATUS_HTML = `<!doctype html>
<html>
<head><title>Status page</title><style>.hidden { display: none }</style>
<script>var tracking = "tracking script text";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/docs">Docs navigation link</a></nav>
<main>
<h1>Service status</h1>
<p>All widget servers in Frankfurt have been operational since Monday.</p>
<h2>Incidents</h2>
<p>A power outage in Dublin stopped the backup servers for two hours.</p>
<pre><code class="language-sh">systemctl restart widget</code></pre>
<table><thead><tr><th>Region</th><th>Servers</th></tr></thead>
<tbody><tr><td>Frankfurt</td><td>12</td></tr><tr><td>Dublin</td><td>4</td></tr></tbody></table>
<script>console.log("inline script text");</script>
</main>
<footer>Copyright footer</footer>
</body>
</html>
`;

export const NOTES_TXT = "Field notes\nThe blue widget failed its humidity test twice in March.\n";

/** Two pages: a heading and a paragraph wrapped over two lines on the first, one paragraph on the second. */
export async function manualPdf(warranty = "The warranty covers every widget for three years from the date of purchase."): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle("Widget manual");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage([595, 842]);
  first.drawText("Widget manual", { x: 50, y: 780, size: 20, font });
  first.drawText("Each widget ships with a charger and a quick start card that", { x: 50, y: 740, size: 11, font });
  first.drawText("explains how to pair it with the base station.", { x: 50, y: 726, size: 11, font });
  const second = doc.addPage([595, 842]);
  second.drawText(warranty, { x: 50, y: 780, size: 11, font });
  return doc.save();
}

/**
 * A handbook printed to PDF as word processors print one: a larger title and section
 * headings (one wrapped over two lines), a question heading in the body's own size over its answer, and a short line
 * that ends its sentence (so is no heading). The title is also the metadata title.
 */
export async function handbookPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle("Widget handbook");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lines: Array<[page: number, y: number, size: number, text: string]> = [
    [1, 780, 20, "Widget handbook"],
    [1, 740, 15, "Charging"],
    [1, 710, 11, "Plug the charger into the base station and wait until the light on the"],
    [1, 696, 11, "widget turns green, which takes about two hours."],
    [1, 666, 11, "How do I reset a widget?"],
    [1, 636, 11, "Hold the reset button for ten seconds until the light blinks twice."],
    [2, 780, 15, "Storage, cleaning and"],
    [2, 762, 15, "transport"],
    [2, 750, 11, "Keep it dry."],
    [2, 720, 11, "Store widgets below thirty degrees, away from direct sunlight and water."],
  ];
  const pages = [doc.addPage([595, 842]), doc.addPage([595, 842])];
  for (const [page, y, size, text] of lines) pages[page - 1]!.drawText(text, { x: 50, y, size, font });
  return doc.save();
}

/** A PDF whose standard security handler rejects the empty password: a reader needs the user's password. */
export async function lockedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText("Text behind a password.", { x: 50, y: 700, size: 12, font });
  const { context } = doc;
  context.trailerInfo.Encrypt = context.register(context.obj({ Filter: PDFName.of("Standard"), V: 1, R: 2, O: PDFHexString.of("00".repeat(32)), U: PDFHexString.of("11".repeat(32)), P: -4 }));
  context.trailerInfo.ID = context.obj([PDFHexString.of("ab".repeat(16)), PDFHexString.of("ab".repeat(16))]);
  return doc.save({ useObjectStreams: false });
}

export async function reportDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: "Quarterly report", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun("Revenue grew by twelve percent in the third quarter.")] }),
          new Paragraph({ text: "Risks", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ children: [new TextRun("Shipping delays from the harbour strike remain the main risk.")] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export interface DocumentFolder {
  root: string;
  seedsDir: string;
  indexDir: string;
  cleanup: () => Promise<void>;
}

/**
 * A documents folder as operators keep them: formats side by side in subfolders, plus
 * what must be reported and not indexed (corrupt, encrypted, unsupported, empty, hidden,
 * dependencies, a link out of the folder).
 */
export async function documentFolder(): Promise<DocumentFolder> {
  const root = await mkdtemp(path.join(tmpdir(), "citebot-docs-"));
  const seedsDir = path.join(root, "docs");
  const put = async (name: string, content: string | Uint8Array): Promise<void> => {
    await mkdir(path.dirname(path.join(seedsDir, name)), { recursive: true });
    await writeFile(path.join(seedsDir, name), content);
  };
  await put("guides/handbook.md", HANDBOOK_MD);
  await put("guides/advanced/faq.md", FAQ_MD);
  await put("site/status.html", STATUS_HTML);
  await put("manual.pdf", await manualPdf());
  await put("reports/q3.docx", await reportDocx());
  await put("notes.txt", NOTES_TXT);
  await put("broken.pdf", "%PDF-1.7\nthis is not a PDF body\n");
  await put("locked.pdf", await lockedPdf());
  await put("reports/broken.docx", "PK\u0003\u0004 not a zip archive");
  await put("photo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await put("drafts/empty.md", "<!-- nothing here yet -->\n");
  await put(".obsidian/workspace.md", "Editor state, not a document.");
  await put("node_modules/widget-lib/README.md", "A dependency's readme.");
  await writeFile(path.join(root, "outside.md"), "A file outside the documents folder.");
  await symlink(path.join(root, "outside.md"), path.join(seedsDir, "link-out.md"));
  return { root, seedsDir, indexDir: path.join(root, "index"), cleanup: () => rm(root, { recursive: true, force: true }) };
}
