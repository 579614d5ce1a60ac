import { measureEncoder } from "./encoder-throughput.js";
import { sweepGraphs } from "./graph-sweep.js";
import { measureIncremental } from "./incremental.js";
import { reindexWhileServing } from "./reindex-while-serving.js";
import { buildSynthetic, serveSynthetic } from "./scale-index.js";
import type { ScaleTask, ScaleTaskResult } from "./tasks.js";

/**
 * One measurement in a process of its own, started by the scale benchmark: its peak RSS is
 * then its own, not the sum of every size measured before it. The result goes back over IPC.
 */
async function run(task: ScaleTask, seedsDir: string): Promise<ScaleTaskResult> {
  switch (task.kind) {
    case "build":
      return buildSynthetic(task);
    case "serve":
      return serveSynthetic(task);
    case "reindex":
      return reindexWhileServing(task);
    case "graph-sweep":
      return sweepGraphs(task);
    case "encoder":
      return measureEncoder(task, seedsDir);
    case "incremental":
      return measureIncremental(task, seedsDir);
  }
}

const [taskJson, seedsDir] = process.argv.slice(2);
if (!process.send || taskJson === undefined || seedsDir === undefined) {
  console.error("scale-worker runs only as a child of the scale benchmark");
  process.exit(2);
}
const send = process.send.bind(process);
run(JSON.parse(taskJson) as ScaleTask, seedsDir).then(
  (result) => send(result, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
