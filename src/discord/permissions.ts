import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import { CitebotError } from "../errors.js";

type MemberOf = Pick<ChatInputCommandInteraction, "memberPermissions" | "member">;

/**
 * Registration hides /reindex from members without Manage Server, but server admins can
 * grant the command to anyone in Integrations settings, so the bot checks again itself.
 */
export function isModerator(interaction: MemberOf, modRoleIds: readonly string[]): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return true;
  return modRoleIds.some((roleId) => memberRoleIds(interaction).includes(roleId));
}

/** A cached guild gives a GuildMember, an uncached one the raw API member with plain role ids. */
function memberRoleIds(interaction: MemberOf): readonly string[] {
  const roles = interaction.member?.roles;
  if (roles === undefined) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/** Refuses a member who is not a moderator (`action`: what only moderators may do), and everyone outside a server. */
export function requireModerator(interaction: MemberOf & { inGuild(): boolean }, modRoleIds: readonly string[], action: string): void {
  if (!interaction.inGuild()) throw new CitebotError("GUILD_ONLY", "Moderator commands work in a server only, where moderators can be told apart.");
  if (!isModerator(interaction, modRoleIds)) throw new CitebotError("NOT_A_MODERATOR", `Only moderators (Manage Server, or a moderator role) can ${action}.`);
}
