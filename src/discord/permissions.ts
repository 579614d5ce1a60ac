import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";

/**
 * Registration hides /reindex from members without Manage Server, but server admins can
 * grant the command to anyone in Integrations settings, so the bot checks again itself.
 */
export function isModerator(interaction: ChatInputCommandInteraction, modRoleIds: readonly string[]): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return true;
  return modRoleIds.some((roleId) => memberRoleIds(interaction).includes(roleId));
}

/** A cached guild gives a GuildMember, an uncached one the raw API member with plain role ids. */
function memberRoleIds(interaction: ChatInputCommandInteraction): readonly string[] {
  const roles = interaction.member?.roles;
  if (roles === undefined) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}
