import { parseArgs } from "node:util";
import { parseMemoryConfig, readEnvironment } from "../config.js";
import { CitebotError } from "../errors.js";
import { AnswerMemory } from "../memory/answer-memory.js";
import { GAP_PERIODS, isGapPeriod, jumpLink, periodStart, periodText, type GapRow } from "../memory/gaps.js";
import { runCli } from "./run.js";

const USAGE = `usage: npm run gaps [-- --period 7d|30d|all] [--guild ID]
Prints what /gaps shows moderators, from DATA_DIR/citebot.db: the questions the bot could not
answer and the answers voted 👎, near-identical questions counted together, most frequent first.
Every server's unless --guild names one.`;

runCli(async () => {
  const { values } = parseArgs({ options: { period: { type: "string", default: "7d" }, guild: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.error(USAGE);
    return;
  }
  const period = values.period;
  if (!isGapPeriod(period)) throw new CitebotError("BAD_INPUT", `--period must be one of ${Object.keys(GAP_PERIODS).join(", ")}, not ${period}`);
  const config = parseMemoryConfig(readEnvironment());
  const memory = AnswerMemory.open(config.DATA_DIR, config.DATA_RETENTION_DAYS);
  try {
    const since = periodStart(period, Date.now());
    const gaps = memory.gaps({ ...(since === undefined ? {} : { sinceMs: since }), ...(values.guild === undefined ? {} : { guildId: values.guild }) });
    console.log(`Coverage gaps, ${periodText(period)} (near-identical questions counted together)`);
    section("Questions I could not answer", gaps.refused, "×");
    section("Answers voted 👎", gaps.downVoted, " 👎");
  } finally {
    memory.close();
  }
});

function section(heading: string, rows: readonly GapRow[], unit: string): void {
  console.log(`\n${heading}`);
  if (rows.length === 0) console.log("  none");
  for (const row of rows) {
    const where = row.latest.ephemeral ? "(private answer)" : jumpLink(row.latest);
    const silent = row.silent === 0 ? "" : `  (${row.silent} in auto-answer channels, not replied)`;
    console.log(`  ${`${row.count}${unit}`.padEnd(6)} ${row.question}${silent}`);
    console.log(`         latest ${new Date(row.latest.at).toISOString().slice(0, 16).replace("T", " ")} UTC  ${where}`);
    for (const reason of row.reasons) console.log(`         “${reason}”`);
  }
}
