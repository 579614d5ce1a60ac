import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import { CitebotError } from "../errors.js";

type MemberOf = Pick<ChatInputCommandInteraction, "memberPermissions" | "member" | "guildId">;

/**
 * Registration hides /reindex from members without Manage Server, but server admins can
 * grant the command to anyone in Integrations settings, so the bot checks again itself.
 */
function isModerator(interaction: MemberOf, modRoleIds: readonly string[]): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return true;
  return modRoleIds.some((roleId) => memberRoleIds(interaction).includes(roleId));
}

/**
 * The roles the interaction says the member has. A cached guild gives a GuildMember, whose
 * role cache also holds @everyone (the role whose id is the guild's): left out, so that
 * MOD_ROLE_IDS can never make every member a moderator.
 */
function memberRoleIds(interaction: MemberOf): readonly string[] {
  const roles = interaction.member?.roles;
  if (roles === undefined) return [];
  const ids = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return ids.filter((id) => id !== interaction.guildId);
}

/**
 * Refuses a member who is not a moderator (`action`: what only moderators may do), and everyone
 * outside a server. An assertion, so that after it the interaction's guildId is known to be set.
 */
export function requireModerator<T extends MemberOf & { inGuild(): boolean }>(interaction: T, modRoleIds: readonly string[], action: string): asserts interaction is T & { guildId: string } {
  if (!interaction.inGuild() || interaction.guildId === null) throw new CitebotError("GUILD_ONLY", "Moderator commands work in a server only, where moderators can be told apart.");
  if (!isModerator(interaction, modRoleIds)) throw new CitebotError("NOT_A_MODERATOR", `Only moderators (Manage Server, or a moderator role) can ${action}.`);
}
