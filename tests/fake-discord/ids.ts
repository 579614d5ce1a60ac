import { randomBytes } from "node:crypto";

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** Real-looking snowflakes, because discord.js derives createdTimestamp (and so latencies) from ids. */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment).toString();
}

export function secretToken(): string {
  return randomBytes(32).toString("base64url");
}
